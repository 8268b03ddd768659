import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateClickHouse } from '@loyalty/clickhouse/migrations';
import {
  apiKey,
  createTestApp,
  member,
  onboard,
  OWNER_PASSWORD,
  program,
  type TenantSession,
  type TestApp,
} from '../../api/src/testing/test-app.ts';
import { jsonLines, runCli } from './testing/run-cli.ts';

// The `loyalty` executable run as a child process against the real API listening on a free port:
// a tenant, an integration key and a program set up through the API, a temporary config folder.

let t: TestApp;
let api: string;
let tenant: TenantSession;
let key: string;
let programId: string;
let home: string;

const SCOPES = [
  'programs:read',
  'members:read',
  'members:write',
  'points:read',
  'points:earn',
  'points:redeem',
  'reports:read',
];

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  api = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  tenant = await onboard(t.app);
  key = (await apiKey(t.app, tenant, SCOPES)).key;
  programId = await program(t.app, tenant.auth);
  home = await mkdtemp(path.join(os.tmpdir(), 'loyalty-cli-'));
});
afterAll(async () => {
  await t?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

/** Runs with the integration's API key in the environment. */
const withKey = (args: string[]) => runCli(args, { HOME: home, LOYALTY_API_KEY: key, LOYALTY_API_URL: api });

async function membersOfProgram(): Promise<{ externalId: string; name: string | null; attributes: unknown }[]> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/v1/programs/${programId}/members?limit=200`,
    headers: { authorization: `Bearer ${key}` },
  });
  return res.json().data;
}

describe('login and logout', () => {
  it('store the session in a 0600 file of a 0700 folder, use it, and end it on the API', async () => {
    const configDir = path.join(home, 'config-login');
    const env = { HOME: home, LOYALTY_CONFIG_DIR: configDir };
    const login = await runCli(
      [
        'login',
        '--api-url',
        api,
        '--tenant',
        tenant.slug,
        '--email',
        `owner@${tenant.slug}.example`,
        '--password-stdin',
      ],
      env,
      `${OWNER_PASSWORD}\n`,
    );
    expect(login).toMatchObject({ code: 0, stdout: '' });
    expect(login.stderr).toContain(`logged in to ${tenant.slug}`);

    const file = path.join(configDir, 'session.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(configDir)).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(await readFile(file, 'utf8'));
    expect(stored).toMatchObject({ apiUrl: api, tokens: { accessToken: expect.any(String) } });
    expect(await readFile(file, 'utf8')).not.toContain(OWNER_PASSWORD);

    const programs = await runCli(['--json', 'programs'], env);
    expect(programs.code).toBe(0);
    expect(jsonLines(programs.stdout)).toContainEqual(expect.objectContaining({ id: programId }));

    const logout = await runCli(['logout'], env);
    expect(logout.code).toBe(0);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    // The API ended the session: its refresh token no longer renews it.
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: stored.tokens.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);

    const after = await runCli(['programs'], env);
    expect(after.code).toBe(3);
    expect(after.stderr).toContain('not logged in');
  });

  it('writes renewed tokens back, and forgets a session the API ended (exit code 3)', async () => {
    const configDir = path.join(home, 'config-renew');
    const env = { HOME: home, LOYALTY_CONFIG_DIR: configDir };
    const email = `owner@${tenant.slug}.example`;
    const login = await runCli(
      ['login', '--api-url', api, '--tenant', tenant.slug, '--email', email, '--password-stdin'],
      env,
      OWNER_PASSWORD,
    );
    expect(login.code).toBe(0);
    const file = path.join(configDir, 'session.json');
    const first = JSON.parse(await readFile(file, 'utf8'));
    // As if the access token's 15 minutes had passed: the next command renews it first.
    const expired = {
      ...first,
      tokens: { ...first.tokens, accessExpiresAt: new Date(Date.now() - 1000).toISOString() },
    };
    await writeFile(file, JSON.stringify(expired));

    const programs = await runCli(['programs'], env);
    expect(programs.code).toBe(0);
    const renewed = JSON.parse(await readFile(file, 'utf8'));
    expect(renewed.tokens.refreshToken).not.toBe(first.tokens.refreshToken);
    expect(Date.parse(renewed.tokens.accessExpiresAt)).toBeGreaterThan(Date.now());
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // The API ends the session (logged out elsewhere); the stored tokens no longer renew.
    const ended = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      payload: { refreshToken: renewed.tokens.refreshToken },
    });
    expect(ended.statusCode).toBe(204);
    await writeFile(
      file,
      JSON.stringify({ ...renewed, tokens: { ...renewed.tokens, accessExpiresAt: expired.tokens.accessExpiresAt } }),
    );
    const after = await runCli(['programs'], env);
    expect(after.code).toBe(3);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a wrong password with exit code 3 and stores nothing', async () => {
    const configDir = path.join(home, 'config-wrong');
    const run = await runCli(
      [
        'login',
        '--api-url',
        api,
        '--tenant',
        tenant.slug,
        '--email',
        `owner@${tenant.slug}.example`,
        '--password-stdin',
      ],
      { HOME: home, LOYALTY_CONFIG_DIR: configDir },
      'not the password',
    );
    expect(run.code).toBe(3);
    await expect(stat(path.join(configDir, 'session.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('never takes the password as an option value', async () => {
    const run = await runCli(
      ['login', '--api-url', api, '--tenant', tenant.slug, '--email', 'a@b.example', '--password', OWNER_PASSWORD],
      { HOME: home, LOYALTY_CONFIG_DIR: path.join(home, 'config-flag') },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--password'");
    const missingUrl = await runCli(['login', '--tenant', tenant.slug, '--email', 'a@b.example', '--password-stdin'], {
      HOME: home,
    });
    expect(missingUrl.code).toBe(2);
    expect(missingUrl.stderr).toContain('login needs --api-url');
  });
});

describe('keys create', () => {
  it('prints the secret once, and it works as an API key', async () => {
    const created = await runCli(
      ['keys', 'create', '--name', 'shop', '--scope', 'programs:read', '--scope', 'members:read'],
      { HOME: home, LOYALTY_API_KEY: tenant.accessToken, LOYALTY_API_URL: api },
    );
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/\S{20,}/);
    expect(created.stderr).toContain('programs:read, members:read');

    const programs = await runCli(['programs'], { HOME: home, LOYALTY_API_KEY: secret, LOYALTY_API_URL: api });
    expect(programs.code).toBe(0);
    expect(programs.stdout).toContain(programId);
  });
});

describe('programs', () => {
  it('walks every page and prints an aligned table, or JSON lines with --json', async () => {
    const more = [await program(t.app, tenant.auth), await program(t.app, tenant.auth)];
    const json = await withKey(['programs', '--json', '--page-size', '1']);
    expect(json.code).toBe(0);
    const ids = jsonLines(json.stdout).map((p) => (p as { id: string }).id);
    expect(ids.sort()).toEqual([programId, ...more].sort());

    const table = await withKey(['programs', '--page-size', '2']);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+currency\s+timezone$/);
    expect(lines).toHaveLength(4);
    // Aligned: each column starts at the same offset on every line.
    expect(new Set(lines.map((l) => (l.indexOf('EUR') === -1 ? l.indexOf('currency') : l.indexOf('EUR')))).size).toBe(
      1,
    );
  });
});

describe('members import', () => {
  it('creates each row once; a second run finds them all existing and duplicates nothing', async () => {
    const taken = `pre-${crypto.randomUUID()}`;
    await member(t.app, { authorization: `Bearer ${key}` }, programId, { externalId: taken });
    const csv = path.join(home, 'members.csv');
    await writeFile(
      csv,
      '\uFEFFexternalId,email,name,birthday,attributes.store\r\n' +
        'imp-1,ada@example.com,"Lovelace, Ada",1815-12-10,Paris\r\n' +
        'imp-2,,"Grace\r\nHopper",,\r\n' +
        `${taken},,Taken,,\r\n` +
        'imp-3,bad,Bad Email,,\r\n',
    );

    const first = await withKey(['members', 'import', csv, '--program', programId]);
    expect(first.code).toBe(1);
    expect(first.stdout).toBe('created 2, existing 1, failed 1\n');
    // The quoted name spans two lines: the bad row is on line 6 of the file.
    expect(first.stderr).toMatch(/^line 6 \(imp-3\): validation_failed: /m);
    expect(first.stderr).toContain('imported 4/4');

    const second = await withKey(['--json', 'members', 'import', csv, '--program', programId]);
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stdout)).toMatchObject({ total: 4, created: 0, existing: 3, failed: [{ line: 6 }] });

    const members = await membersOfProgram();
    const imported = members.filter((m) => m.externalId.startsWith('imp-') || m.externalId === taken);
    expect(imported.map((m) => m.externalId).sort()).toEqual(['imp-1', 'imp-2', taken].sort());
    expect(members.find((m) => m.externalId === 'imp-1')).toMatchObject({
      name: 'Lovelace, Ada',
      attributes: { store: 'Paris' },
    });
    expect(members.find((m) => m.externalId === 'imp-2')?.name).toBe('Grace\r\nHopper');
  });

  it('stops with exit code 4 at the first row when the program does not exist', async () => {
    const csv = path.join(home, 'two.csv');
    await writeFile(csv, 'externalId\na-1\na-2\n');
    const run = await withKey(['members', 'import', csv, '--program', crypto.randomUUID()]);
    expect(run).toMatchObject({ code: 4, stdout: '' });
    expect(run.stderr).toMatch(/^error: not_found: /m);
  });

  it('stops with exit code 2 on a header it does not know', async () => {
    const csv = path.join(home, 'bad-header.csv');
    await writeFile(csv, 'externalId,mail\nx,y\n');
    const run = await withKey(['members', 'import', csv, '--program', programId]);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain('unknown column "mail"');
  });
});

describe('points and orders', () => {
  it('earn, spend and history', async () => {
    const m = await member(t.app, { authorization: `Bearer ${key}` }, programId);
    const earn = await withKey(['--json', 'points', 'earn', m, '120', '--reason', 'welcome', '--order-id', 'o-1']);
    expect(earn.code).toBe(0);
    expect(JSON.parse(earn.stdout)).toMatchObject({
      posting: { points: 120, orderId: 'o-1' },
      balance: { available: 120 },
    });

    const spend = await withKey(['points', 'spend', m, '20']);
    expect(spend.code).toBe(0);
    expect(spend.stdout).toMatch(/^available\s+100$/m);

    const tooMuch = await withKey(['points', 'spend', m, '1000']);
    expect(tooMuch.code).toBe(4);
    expect(tooMuch.stderr).toMatch(/^error: insufficient_points: .+ \(request id \S+\)/);

    const history = await withKey(['--json', 'points', 'history', m]);
    expect(jsonLines(history.stdout).map((p) => (p as { kind: string; points: number }).points)).toEqual([-20, 120]);
    const limited = await withKey(['points', 'history', m, '--limit', '1']);
    expect(limited.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(limited.stdout).toContain('redeem');
  });

  it('orders send records the purchase, with lines from a file', async () => {
    const m = await member(t.app, { authorization: `Bearer ${key}` }, programId);
    const lines = path.join(home, 'lines.json');
    await writeFile(
      lines,
      JSON.stringify([
        { sku: 'latte', quantity: 2, amount: 760 },
        { quantity: 1, amount: 490 },
      ]),
    );
    const args = ['orders', 'send', '--program', programId, '--member', m, '--order-id', 'ord-7', '--amount', '1250'];
    const sent = await withKey(['--json', ...args, '--currency', 'eur', '--lines-file', lines]);
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ order: { orderId: 'ord-7', amount: 1250, currency: 'EUR' } });

    const wrongSum = await withKey([...args.slice(0, -1), '1000', '--currency', 'EUR', '--lines-file', lines]);
    expect(wrongSum.code).toBe(4);
    expect(wrongSum.stderr).toContain('validation_failed');
  });
});

describe('reports run', () => {
  it('--csv prints the CSV the API writes', async () => {
    await migrateClickHouse({ url: t.config.CLICKHOUSE_URL!, database: t.config.CLICKHOUSE_DATABASE });
    const day = 86_400_000;
    const saved = await t.app.inject({
      method: 'POST',
      url: '/v1/reports/saved',
      headers: tenant.auth,
      payload: {
        name: 'Points',
        shared: true,
        definition: {
          measures: ['points_issued', 'postings'],
          timeGrain: 'none',
          timeRange: { from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString() },
          timezone: 'Europe/Paris',
        },
      },
    });
    expect(saved.statusCode).toBe(201);
    const id = saved.json().id;
    const fromApi = await t.app.inject({
      method: 'POST',
      url: `/v1/reports/saved/${id}/run?format=csv`,
      headers: { authorization: `Bearer ${key}` },
    });

    const run = await withKey(['reports', 'run', id, '--csv']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\r\n')[0]).toBe('points_issued,postings');
    expect(run.stdout).toBe(fromApi.body);

    const table = await withKey(['reports', 'run', id]);
    expect(table.stdout.split('\n')[0]).toMatch(/^points_issued\s+postings$/);
  });
});

describe('exit codes', () => {
  it('4 for a member that does not exist, with the code and request id on stderr', async () => {
    const run = await withKey(['members', 'get', crypto.randomUUID()]);
    expect(run).toMatchObject({ code: 4, stdout: '' });
    expect(run.stderr).toMatch(/^error: not_found: .+ \(request id \S+\)$/m);
  });

  it('3 for a key the API does not know', async () => {
    const run = await runCli(['programs'], { HOME: home, LOYALTY_API_KEY: 'lsk_not_a_key', LOYALTY_API_URL: api });
    expect(run.code).toBe(3);
  });

  it('5 when nothing answers at the API URL', async () => {
    const closed = await freePort();
    const run = await runCli(['programs'], {
      HOME: home,
      LOYALTY_API_KEY: key,
      LOYALTY_API_URL: `http://127.0.0.1:${closed}`,
    });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('the API is unavailable');
  });

  it('2 for a usage error', async () => {
    const run = await withKey(['points', 'earn', crypto.randomUUID(), '12.5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a whole number');
  });
});

/** A port nothing listens on: one the system just handed out, closed again. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
