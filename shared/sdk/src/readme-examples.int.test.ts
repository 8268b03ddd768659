import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codeBlocks } from '../../../api/src/docs/markdown-code-blocks.ts';
import { apiKey } from '../../../api/src/testing/test-app.ts';
import { startListeningApi, type ListeningApi } from './testing/listening-api.ts';

// The SDK README's TypeScript examples, run as printed: every ```ts block, in order, as one
// module (names carry over from block to block, as for a reader going down the page), against
// the real API listening on a free port. The blocks read their API, key, program and user from
// LOYALTY_* variables, which this test points at its own tenant. The module is type-checked too,
// so an example that no longer compiles fails here rather than in a reader's editor.

const SDK = path.resolve(import.meta.dirname, '..');
const README = path.join(SDK, 'README.md');
// Inside the package, so `@loyalty/sdk` resolves as it does for any workspace (ignored by git).
const RUN_DIR = path.join(SDK, '.readme-run');
const MODULE = path.join(RUN_DIR, 'readme-examples.ts');
const TYPESCRIPT = new Set(['ts', 'typescript']);
const OTHER = new Set(['', 'sh', 'bash', 'shell', 'console', 'js', 'javascript', 'json', 'text']);
const README_SCOPES = ['members:read', 'members:write', 'points:read', 'points:earn', 'points:redeem'];
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

let api: ListeningApi;
let env: Record<string, string>;
beforeAll(async () => {
  api = await startListeningApi();
  env = {
    LOYALTY_API_URL: api.baseUrl,
    LOYALTY_API_KEY: (await apiKey(api.t.app, api.tenant, README_SCOPES)).key,
    LOYALTY_PROGRAM_ID: api.programId,
    LOYALTY_TENANT: api.owner.tenant,
    LOYALTY_EMAIL: api.owner.email,
    LOYALTY_PASSWORD: api.owner.password,
    LOYALTY_WEBHOOK_SECRET: WEBHOOK_SECRET,
  };
  const markdown = await readFile(README, 'utf8');
  const source = codeBlocks(markdown, TYPESCRIPT)
    .map((b) => `// README.md line ${b.line}\n${b.code}`)
    .join('\n\n');
  await mkdir(RUN_DIR, { recursive: true });
  await writeFile(MODULE, `${source}\n`);
  await writeFile(
    path.join(RUN_DIR, 'tsconfig.json'),
    JSON.stringify({ extends: '../../../tsconfig.base.json', include: ['readme-examples.ts'] }),
  );
});
afterAll(async () => {
  await rm(RUN_DIR, { recursive: true, force: true });
  await api?.close();
});

/** Signs a delivery as a Standard Webhooks sender does. */
function signedDelivery(body: string, secret = WEBHOOK_SECRET): Request {
  const id = `msg_${randomBytes(8).toString('hex')}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return new Request('http://receiver.test/webhooks', {
    method: 'POST',
    body,
    headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}` },
  });
}

describe('the SDK README', () => {
  it('runs every block but the ones it says it skips', async () => {
    const markdown = await readFile(README, 'utf8');
    const fences = markdown.split('\n').filter((line) => /^\s*(```|~~~)\S/.test(line)).length;
    const run = codeBlocks(markdown, TYPESCRIPT);
    const other = codeBlocks(markdown, OTHER);
    expect(run.length + other.length).toBe(fences);
    expect(run.filter((b) => b.skip !== undefined)).toEqual([]);
    expect(other.map((b) => [b.code, b.skip])).toEqual([
      ['npm install @loyalty/sdk', 'installs from the npm registry'],
    ]);
  });

  it('type-checks its examples', async () => {
    const tsc = path.resolve(SDK, '../../node_modules/typescript/bin/tsc');
    const run = await promisify(execFile)(process.execPath, [tsc, '-p', RUN_DIR, '--noEmit']).catch(
      (err: { stdout: string; code: number }) => err,
    );
    expect(run.stdout).toBe('');
  });

  it('runs its examples as printed, each printing what its comment says', async () => {
    const printed: unknown[][] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args));
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    let examples: { handleWebhook(request: Request): Promise<Response> };
    try {
      examples = await import(pathToFileURL(MODULE).href);
    } finally {
      log.mockRestore();
    }

    expect(printed).toEqual([
      [120], // the balance
      ['earn', 120], // the history
      [true], // logged in to the tenant
      [true], // resumed from the stored tokens
      [false], // logged out: nothing stored
      [409, 'insufficient_points', true],
      ['cust-1'],
      [true],
      ['true', true], // the resent earn was replayed
      [1], // members
      ['cust-1'], // the Member type
    ]);
    const { rows } = await api.t.ownerPool.query(
      `SELECT p.kind, p.points::int AS points FROM postings p JOIN members m ON m.id = p.member_id
        WHERE m.program_id = $1 ORDER BY p.created_at`,
      [api.programId],
    );
    expect(rows).toEqual([
      { kind: 'earn', points: 120 },
      { kind: 'earn', points: 30 },
    ]);

    const deliveries: unknown[][] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void deliveries.push(args));
    try {
      const body = JSON.stringify({ type: 'points_earned', data: { points: 120 } });
      const accepted = await examples.handleWebhook(signedDelivery(body));
      expect(accepted.status).toBe(204);
      const forged = await examples.handleWebhook(signedDelivery(body, `whsec_${randomBytes(24).toString('base64')}`));
      expect(forged.status).toBe(400);
      expect(await forged.text()).toBe('no webhook-signature matches the payload');
      expect(deliveries).toEqual([['delivery', expect.stringMatching(/^msg_/)]]);
    } finally {
      spy.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});
