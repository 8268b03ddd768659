// Drives the embedded server with the real @clickhouse/client over HTTP, the way
// app code will. Self-contained: starts its own server on a temp dir and port 0.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClickHouseError, ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedClickHouseServer, type EmbeddedClickHouseServer } from './http-server.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('embedded ClickHouse server with @clickhouse/client', () => {
  let dataPath: string;
  let server: EmbeddedClickHouseServer;
  let url: string;
  const clients: ClickHouseClient[] = [];

  function client(options: Parameters<typeof createClient>[0] = {}): ClickHouseClient {
    const created = createClient({
      url,
      username: 'default',
      password: '',
      // Expected failures are asserted below; the client would also log each one.
      log: { level: ClickHouseLogLevel.OFF },
      ...options,
    });
    clients.push(created);
    return created;
  }

  async function start(): Promise<void> {
    server = createEmbeddedClickHouseServer({ dataPath, host: '127.0.0.1', port: 0 });
    const { port } = await server.listen();
    url = `http://127.0.0.1:${port}`;
  }

  async function stop(): Promise<void> {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
  }

  beforeAll(async () => {
    dataPath = mkdtempSync(join(tmpdir(), 'embedded-ch-'));
    await start();
  });

  afterAll(async () => {
    await stop();
    rmSync(dataPath, { recursive: true, force: true });
  });

  it('answers ping on /ping and through a SELECT', async () => {
    const ch = client();
    expect(await ch.ping()).toEqual({ success: true });
    expect(await ch.ping({ select: true })).toEqual({ success: true });
  });

  it('creates a database and a MergeTree table, inserts JSONEachRow and reads it back', async () => {
    const ch = client();
    await ch.command({ query: 'CREATE DATABASE app' });
    await ch.command({
      query: `CREATE TABLE app.events (id UInt64, name String, tags Array(String), at DateTime)
              ENGINE = MergeTree ORDER BY id`,
    });
    const inserted = await ch.insert({
      table: 'app.events',
      format: 'JSONEachRow',
      values: [
        { id: 1, name: 'signup', tags: ['web'], at: '2024-01-01 10:00:00' },
        { id: 2, name: "it's\ttabbed", tags: ['app', 'ios'], at: '2024-01-02 11:00:00' },
        { id: 3, name: 'purchase', tags: [], at: '2024-01-03 12:00:00' },
      ],
    });
    expect(inserted.summary?.written_rows).toBe('3');

    const rows = await ch.query({
      query: 'SELECT id, name, tags FROM app.events WHERE id >= {min:UInt64} ORDER BY id',
      query_params: { min: 2 },
      format: 'JSONEachRow',
    });
    expect(await rows.json()).toEqual([
      { id: 2, name: "it's\ttabbed", tags: ['app', 'ios'] },
      { id: 3, name: 'purchase', tags: [] },
    ]);
  });

  it('refuses binary insert formats, which its engine would cut short, and stores nothing', async () => {
    const ch = client();
    await ch.command({ query: 'CREATE TABLE app.numbers (n UInt64) ENGINE = MergeTree ORDER BY n' });
    const body = Buffer.alloc(8 * 100);
    for (let i = 0; i < 100; i++) body.writeBigUInt64LE(BigInt(i * 10), i * 8);
    const res = await fetch(`${url}/?query=${encodeURIComponent('INSERT INTO app.numbers FORMAT RowBinary')}`, {
      method: 'POST',
      body,
    });
    expect(res.status).toBe(501);
    expect(await res.text()).toContain('(NOT_IMPLEMENTED)');
    const count = await ch.query({ query: 'SELECT count() AS n FROM app.numbers', format: 'JSONEachRow' });
    expect(await count.json()).toEqual([{ n: 0 }]);
  });

  it('binds string, array and null parameters and answers in JSON', async () => {
    const result = await client({ database: 'app' }).query({
      query: `SELECT count() AS n, {label:String} AS label, {missing:Nullable(String)} AS missing
              FROM events WHERE name IN {names:Array(String)}`,
      query_params: { label: "quote ' and \\ backslash", names: ["it's\ttabbed", 'signup'], missing: null },
      format: 'JSON',
    });
    const json = await result.json<{ n: number; label: string; missing: null }>();
    expect(json.data).toEqual([{ n: 2, label: "quote ' and \\ backslash", missing: null }]);
    expect(json.meta?.map((column) => column.name)).toEqual(['n', 'label', 'missing']);
  });

  it('applies clickhouse_settings to that query only', async () => {
    const ch = client();
    const query = "SELECT toUInt64(42) AS big, getSetting('max_threads') AS threads";
    const withSettings = await ch.query({
      query,
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 1, max_threads: 3 },
    });
    expect(await withSettings.json()).toEqual([{ big: '42', threads: 3 }]);
    const without = await ch.query({ query, format: 'JSONEachRow' });
    const [row] = await without.json<{ big: unknown; threads: unknown }>();
    expect(row?.big).toBe(42);
    expect(row?.threads).not.toBe(3);
  });

  it('rejects with the ClickHouse code and message', async () => {
    const ch = client();
    const missing = ch.query({ query: 'SELECT * FROM app.nope', format: 'JSONEachRow' });
    await expect(missing).rejects.toBeInstanceOf(ClickHouseError);
    await expect(missing).rejects.toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
    // The client takes the first (UPPERCASE) group as the type, so keep the typo lowercase.
    await expect(ch.command({ query: 'selec 1' })).rejects.toMatchObject({ code: '62', type: 'SYNTAX_ERROR' });
    await expect(
      ch.query({ query: 'SELECT 1', clickhouse_settings: { no_such_setting: 1 } as never }),
    ).rejects.toMatchObject({ code: '115', type: 'UNKNOWN_SETTING' });
  });

  it('round-trips gzip-compressed requests and responses', async () => {
    const ch = client({ compression: { request: true, response: true } });
    await ch.command({ query: 'CREATE TABLE app.zipped (id UInt32) ENGINE = MergeTree ORDER BY id' });
    await ch.insert({ table: 'app.zipped', format: 'JSONEachRow', values: [{ id: 7 }, { id: 8 }] });
    const result = await ch.query({ query: 'SELECT sum(id) AS s FROM app.zipped', format: 'JSONEachRow' });
    expect(await result.json()).toEqual([{ s: 15 }]);
  });

  it('accepts query parameters sent as multipart/form-data', async () => {
    const ch = client({ use_multipart_params: true });
    const result = await ch.query({
      query: 'SELECT {v:String} AS v',
      query_params: { v: "a'b" },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([{ v: "a'b" }]);
  });

  it('keeps concurrent queries against different databases apart', async () => {
    const setup = client();
    for (const db of ['tenant_a', 'tenant_b']) {
      await setup.command({ query: `CREATE DATABASE ${db}` });
      await setup.command({ query: `CREATE TABLE ${db}.t (v String) ENGINE = MergeTree ORDER BY v` });
      await setup.insert({ table: `${db}.t`, format: 'JSONEachRow', values: [{ v: db }] });
    }
    const a = client({ database: 'tenant_a' });
    const b = client({ database: 'tenant_b' });
    const ask = async (ch: ClickHouseClient) => {
      const result = await ch.query({
        query: 'SELECT currentDatabase() AS db, any(v) AS v FROM t',
        format: 'JSONEachRow',
      });
      return result.json<{ db: string; v: string }>();
    };
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => ask(i % 2 ? b : a)));
    answers.forEach((rows, i) => {
      const db = i % 2 ? 'tenant_b' : 'tenant_a';
      expect(rows).toEqual([{ db, v: db }]);
    });
  });

  it('refuses to open the data directory from a second process', async () => {
    const { code, output } = await runMain(['--port', '0', '--data', dataPath], { stopOnListen: false });
    expect(code).toBe(1);
    expect(output).toMatch(/Cannot lock file/);
    expect(output).toMatch(/is another process using it/);
  });

  it('keeps data across a close and a re-open of the same directory', async () => {
    await stop();
    await start();
    const result = await client().query({ query: 'SELECT count() AS n FROM app.events', format: 'JSONEachRow' });
    expect(await result.json()).toEqual([{ n: 3 }]);
  });
});

describe('main.ts', () => {
  it('logs when listening and exits 0 on SIGTERM', async () => {
    const dataPath = mkdtempSync(join(tmpdir(), 'embedded-ch-main-'));
    try {
      const { code, output } = await runMain(['--port', '0', '--data', dataPath], { stopOnListen: true });
      expect(output).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(code).toBe(0);
    } finally {
      rmSync(dataPath, { recursive: true, force: true });
    }
  });
});

/**
 * Runs main.ts as a launcher would. With stopOnListen it pings the logged URL
 * with the real client and then sends SIGTERM.
 */
function runMain(args: string[], { stopOnListen }: { stopOnListen: boolean }) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(output);
      if (stopOnListen && listening?.[1] && !child.killed) {
        const ch = createClient({ url: listening[1] });
        void ch.ping().then(async (ping) => {
          await ch.close();
          if (!ping.success) output += '\nping failed';
          child.kill('SIGTERM');
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}
