import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '.stack/**',
      '**/dist/**',
      'coverage/**',
      'api/src/generated/**',
      'shared/sdk/src/generated/**',
      '**/.readme-run/**',
      '**/.readme-run-root/**',
      'docs/.vitepress/cache/**',
      'console/out/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'read env only in a config.ts (validated once with zod)',
        },
      ],
    },
  },
  {
    // Config modules, test setup and test files may read the environment.
    files: [
      '**/config.ts',
      '**/*-config.ts',
      '**/testing/**',
      '**/*.test.ts',
      '**/main.ts',
      'stack/src/cli.ts',
      'stack/src/process-control.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Workflow code is replayed in Temporal's deterministic sandbox: no Node built-ins, no I/O clients.
    files: ['workflows/src/**/workflows.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net', 'child_process'],
              message: 'workflow code must stay deterministic: use activities',
            },
          ],
          paths: ['pg', 'kafkajs', '@prisma/client', '@clickhouse/client', '@temporalio/activity'].map((name) => ({
            name,
            message: 'workflow code must not do I/O: use activities',
          })),
        },
      ],
    },
  },
  {
    // The SDK runs in browsers too (the console's renderer): its runtime code uses web APIs only.
    files: ['shared/sdk/src/**/*.ts'],
    ignores: ['shared/sdk/src/**/*.test.ts', 'shared/sdk/src/testing/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net', 'stream', 'buffer', 'url', 'os'],
              message: 'the SDK runs in browsers: use fetch, crypto.subtle and AbortSignal',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'the SDK runs in browsers: take options instead' },
        { name: 'Buffer', message: 'the SDK runs in browsers: use Uint8Array' },
      ],
    },
  },
  {
    // The console's renderer runs in a browser (or Electron's sandboxed renderer): web APIs only,
    // Node never; native features come through the preload bridge. tsconfig.web.json checks the
    // same from the types' side.
    files: ['console/src/renderer/**/*.{ts,tsx}'],
    ignores: ['console/src/**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'child_process', 'electron', '**/main/**', '**/preload/**'],
              message: 'the renderer cannot reach Node or Electron: ask main through the preload bridge',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'the renderer has no process: read config from the bridge or the page' },
      ],
    },
  },
  // Formatting is Prettier's job (npm run lint checks it); ESLint's style rules step aside.
  prettier,
);
