import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateClickHouse } from '@loyalty/clickhouse/migrations';
import { shellBlocks } from '../../api/src/docs/markdown-code-blocks.ts';
import { createTestApp, onboard, OWNER_PASSWORD, program, type TestApp } from '../../api/src/testing/test-app.ts';
import { runBash } from '../../api/src/testing/run-process.ts';
import { CLI_MAIN } from './testing/run-cli.ts';

// The README's shell examples, run as printed: every ```sh block not marked as skipped, in order,
// in one `bash -euo pipefail`, in a temporary folder, with `loyalty` on the PATH (a wrapper that
// runs the CLI on this Node) and HOME pointing at a temporary folder (the session file lands
// there). The API listens on a free port, with a tenant, a program named Coffee Club and a shared
// saved report, named by the variables the README says it reads.

const README = path.resolve(import.meta.dirname, '../README.md');

let t: TestApp;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  await migrateClickHouse({ url: t.config.CLICKHOUSE_URL!, database: t.config.CLICKHOUSE_DATABASE });
  const tenant = await onboard(t.app);
  await program(t.app, tenant.auth);
  const day = 86_400_000;
  const report = await t.app.inject({
    method: 'POST',
    url: '/v1/reports/saved',
    headers: tenant.auth,
    payload: {
      name: 'Points issued',
      shared: true,
      definition: {
        measures: ['points_issued', 'postings'],
        timeGrain: 'none',
        timeRange: { from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString() },
        timezone: 'Europe/Paris',
      },
    },
  });
  if (report.statusCode !== 201) throw new Error(`saved report: ${report.statusCode} ${report.body}`);

  dir = await mkdtemp(path.join(os.tmpdir(), 'loyalty-cli-readme-'));
  const bin = path.join(dir, 'bin');
  await mkdir(bin);
  await writeFile(path.join(bin, 'loyalty'), `#!/bin/sh\nexec '${process.execPath}' '${CLI_MAIN}' "$@"\n`);
  await chmod(path.join(bin, 'loyalty'), 0o755);
  await mkdir(path.join(dir, 'work'));
  env = {
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: path.join(dir, 'home'),
    API: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`,
    LOYALTY_TENANT: tenant.slug,
    LOYALTY_EMAIL: `owner@${tenant.slug}.example`,
    LOYALTY_PASSWORD: OWNER_PASSWORD,
    REPORT: report.json().id,
  };
});
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('cli/README.md examples', () => {
  it('marks only the install block as not run, with a reason', async () => {
    const blocks = shellBlocks(await readFile(README, 'utf8'));
    expect(blocks.filter((b) => b.skip !== undefined).map((b) => b.code)).toEqual(['npx loyalty --help']);
    expect(blocks.filter((b) => b.skip === undefined).length).toBeGreaterThanOrEqual(8);
  });

  it('runs every other shell block as printed, each printing what its comment says', async () => {
    const blocks = shellBlocks(await readFile(README, 'utf8')).filter((b) => b.skip === undefined);
    const script = blocks.map((b) => `# README.md line ${b.line}\n${b.code}`).join('\n');
    const run = await runBash(script, { env, cwd: path.join(dir, 'work') });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);

    const out = run.stdout;
    expect(out).toMatch(/^id\s+name\s+currency\s+timezone\n\S+\s+Coffee Club\s+EUR\s+Europe\/Paris$/m);
    expect(out).toContain('created 2, existing 0, failed 0\ncreated 0, existing 2, failed 0\n');
    expect(out).toMatch(/^externalId\s+cust-1$/m);
    expect(out).toMatch(/^name\s+Lovelace, Ada$/m);
    // earn 120, then spend 20: the balances, then the history newest first.
    expect(out).toMatch(/^available\s+120$/m);
    expect(out).toMatch(/^available\s+100$/m);
    expect(out).toMatch(
      /^createdAt\s+kind\s+status\s+points\s+reason\s+orderId\s+id\n\S+\s+redeem\s+posted\s+-20\s+free coffee/m,
    );
    expect(out).toMatch(/^order\s+order-1002$/m);
    expect(out).toContain('points_issued,postings\r\n');
    expect(out).toMatch(/exit code 4\n$/);

    expect(run.stderr).toContain('logged in to');
    expect(run.stderr).toContain('logged out of');
    expect(run.stderr).toMatch(/error: not_found: .+ \(request id \S+\)/);
  });
});
