import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codeBlocks } from '../../../api/src/docs/markdown-code-blocks.ts';
import { startListeningApi, type ListeningApi } from './testing/listening-api.ts';

// The repository README's TypeScript example, run as printed against a real API holding what the
// README's shell examples made by then: member cust-1 with 150 points (120 by curl, 30 by the CLI).
// The module sits inside the SDK's package so `@loyalty/sdk` resolves as for any workspace.

const SDK = path.resolve(import.meta.dirname, '..');
const README = path.resolve(SDK, '../../README.md');
const RUN_DIR = path.join(SDK, '.readme-run-root');
const MODULE = path.join(RUN_DIR, 'root-readme-examples.ts');

let api: ListeningApi;
beforeAll(async () => {
  api = await startListeningApi();
  const auth = { authorization: `Bearer ${api.apiKey}` };
  const member = await api.t.app.inject({
    method: 'POST',
    url: `/v1/programs/${api.programId}/members`,
    headers: auth,
    payload: { externalId: 'cust-1' },
  });
  const earned = await api.t.app.inject({
    method: 'POST',
    url: `/v1/members/${member.json().id}/points/earn`,
    headers: auth,
    payload: { points: 150 },
  });
  expect(earned.statusCode, earned.body).toBe(201);
  const blocks = codeBlocks(await readFile(README, 'utf8'), new Set(['ts', 'typescript']));
  expect(blocks.map((b) => b.skip)).toEqual([undefined]);
  await mkdir(RUN_DIR, { recursive: true });
  await writeFile(MODULE, `${blocks.map((b) => b.code).join('\n\n')}\n`);
  await writeFile(
    path.join(RUN_DIR, 'tsconfig.json'),
    JSON.stringify({ extends: '../../../tsconfig.base.json', include: ['root-readme-examples.ts'] }),
  );
});
afterAll(async () => {
  await rm(RUN_DIR, { recursive: true, force: true });
  await api?.close();
});

describe("the repository README's TypeScript example", () => {
  it('type-checks', async () => {
    const tsc = path.resolve(SDK, '../../node_modules/typescript/bin/tsc');
    const run = await promisify(execFile)(process.execPath, [tsc, '-p', RUN_DIR, '--noEmit']).catch(
      (err: { stdout: string }) => err,
    );
    expect(run.stdout).toBe('');
  });

  it('prints each member with its balance, as its comment says', async () => {
    const printed: unknown[][] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args));
    vi.stubEnv('LOYALTY_API_URL', api.baseUrl);
    vi.stubEnv('LOYALTY_API_KEY', api.apiKey);
    vi.stubEnv('LOYALTY_PROGRAM_ID', api.programId);
    try {
      await import(pathToFileURL(MODULE).href);
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(printed).toEqual([['cust-1', 150]]);
  });
});
