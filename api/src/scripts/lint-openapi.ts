import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Lints the committed OpenAPI document with Redocly CLI and the rules of redocly.yaml
// (npm run lint:openapi, part of npm test). The lint must pass offline: Redocly's usage
// telemetry and its new-version check (a request to the npm registry) are both turned off
// here, whatever the caller's environment says. Prints how long it took, to keep it fast.

const root = fileURLToPath(new URL('../../../', import.meta.url));
// The snapshot openapi-document.ts writes; not imported from there, which would load the whole app.
const document = fileURLToPath(new URL('../../openapi.json', import.meta.url));
const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const started = performance.now();
const run = spawnSync(
  process.execPath,
  [cli, 'lint', path.relative(root, document), '--config', 'redocly.yaml', '--format', 'stylish'],
  {
    cwd: root,
    stdio: 'inherit',
    // eslint-disable-next-line no-restricted-syntax -- the child runs with the caller's environment, plus the two switches
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  },
);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`lint:openapi took ${seconds} s`);
process.exit(run.status ?? 1);
