import { readFile, writeFile } from 'node:fs/promises';

// After tsc: dist/package.json, the manifest of the published package. The workspace's own
// manifest points at src/ (the monorepo runs TypeScript directly); the published one points at
// the compiled ESM and its declarations. Publish with `npm publish shared/sdk/dist`.

const source = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const { name, version, description, type, sideEffects, engines, dependencies } = source;
const manifest = {
  name,
  version,
  description,
  type,
  sideEffects,
  engines,
  exports: { '.': { types: './index.d.ts', default: './index.js' } },
  dependencies,
};
await writeFile(new URL('../dist/package.json', import.meta.url), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote dist/package.json for ${name}@${version}`);
