import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm start` builds the console (about 3 s) so the API serves the current one at /console/.
// electron-vite builds main and preload with it: the same output `npm run console` opens.

const consoleDir = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(consoleDir, '../node_modules/electron-vite/bin/electron-vite.js');
const run = spawnSync(process.execPath, [bin, 'build', '--logLevel', 'warn'], { cwd: consoleDir, stdio: 'inherit' });
process.exit(run.status ?? 1);
