import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningApi, type ListeningApi } from './testing/listening-api.ts';

// The published package, as a consumer outside this repository gets it: the build (tsc and the
// dist manifest) into a scratch node_modules, then plain JavaScript that imports it and calls the
// real API, and a TypeScript consumer type-checked against its declarations with browser
// typings only.

const run = promisify(execFile);
const SDK = path.resolve(import.meta.dirname, '..');
const ROOT = path.resolve(SDK, '../..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

let api: ListeningApi;
let consumer: string;
let installed: string;
beforeAll(async () => {
  api = await startListeningApi();
  consumer = await mkdtemp(path.join(os.tmpdir(), 'loyalty-sdk-consumer-'));
  installed = path.join(consumer, 'node_modules/@loyalty/sdk');
  await run(process.execPath, [TSC, '-p', path.join(SDK, 'tsconfig.build.json'), '--outDir', installed]);
  await run(process.execPath, [path.join(SDK, 'scripts/write-dist-package.ts'), installed]);
  await symlink(path.join(ROOT, 'node_modules/openapi-fetch'), path.join(consumer, 'node_modules/openapi-fetch'));
}, 120_000);
afterAll(async () => {
  if (consumer) await rm(consumer, { recursive: true, force: true });
  await api?.close();
});

describe('the built package', () => {
  it('is ES modules and declarations, without tests or test helpers', async () => {
    const files = await readdir(installed, { recursive: true });
    expect(files).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'package.json', 'generated/api.d.ts']));
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /test|testing/.test(f))).toEqual([]);
  });

  it('runs from plain JavaScript against the API', async () => {
    const script = path.join(consumer, 'consumer.mjs');
    await writeFile(
      script,
      `import { createLoyaltyClient, verifyWebhook, LoyaltyApiError } from '@loyalty/sdk';
const client = createLoyaltyClient({ baseUrl: process.env.API, apiKey: process.env.KEY });
const program = await client.call(client.api.GET('/v1/programs/{programId}', { params: { path: { programId: process.env.PROGRAM } } }));
const missing = await client.call(client.api.GET('/v1/members/{memberId}', { params: { path: { memberId: crypto.randomUUID() } } })).catch((e) => e);
const delivery = await verifyWebhook({
  payload: '{"test": 2432232314}',
  headers: { 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': '1614265330', 'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' },
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  now: new Date(1614265330 * 1000),
});
console.log(JSON.stringify({ program: program.name, missing: [missing instanceof LoyaltyApiError, missing.code], webhook: delivery.payload }));
`,
    );
    const { stdout } = await run(process.execPath, ['--no-experimental-strip-types', script], {
      cwd: consumer,
      env: { PATH: process.env.PATH, API: api.baseUrl, KEY: api.apiKey, PROGRAM: api.programId },
    });
    expect(JSON.parse(stdout)).toEqual({
      program: 'Coffee Club',
      missing: [true, 'not_found'],
      webhook: { test: 2432232314 },
    });
  });

  it('type-checks a consumer with browser typings and no Node types', async () => {
    await mkdir(path.join(consumer, 'src'), { recursive: true });
    await writeFile(
      path.join(consumer, 'src/consumer.ts'),
      `import { createLoyaltyClient, type Schemas } from '@loyalty/sdk';
const client = createLoyaltyClient({ baseUrl: location.origin, apiKey: 'k' });
export async function names(programId: string): Promise<string[]> {
  const names: string[] = [];
  for await (const m of client.paginate('/v1/programs/{programId}/members', { params: { path: { programId } } })) {
    const member: Schemas['Member'] = m;
    names.push(member.externalId);
  }
  // @ts-expect-error not a path of the API
  await client.api.GET('/v1/nowhere');
  return names;
}
`,
    );
    await writeFile(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: [],
          strict: true,
          noEmit: true,
        },
        include: ['src'],
      }),
    );
    const result = await run(process.execPath, [TSC, '-p', consumer]).catch((err: { stdout: string }) => err);
    expect(result.stdout).toBe('');
  });
});
