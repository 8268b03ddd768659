import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

// After tsc: the manifest of the published package, in the build's folder (dist/ unless another
// is given). The workspace's own manifest points at src/ (the monorepo runs TypeScript directly);
// the published one points at the compiled ESM and its declarations.
//   node scripts/write-dist-package.ts [out-dir]      then: npm publish shared/sdk/dist

const sdk = path.resolve(import.meta.dirname, '..');
const outDir = path.resolve(process.argv[2] ?? path.join(sdk, 'dist'));
const source = JSON.parse(await readFile(path.join(sdk, 'package.json'), 'utf8'));
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
await writeFile(path.join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), path.join(outDir, 'package.json'))} for ${name}@${version}`);
