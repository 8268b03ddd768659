import fs from 'node:fs';
import path from 'node:path';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { StackConfig } from '../stack-config.ts';
import type { ServiceDefinition } from '../service.ts';

// The ClickHouse engine embedded through chdb, served over ClickHouse's HTTP interface by
// clickhouse/src/embedded-server, so apps use @clickhouse/client exactly as against a server.

export const CLICKHOUSE_DATABASE = 'loyalty';

export function clickhouseService(config: StackConfig): ServiceDefinition {
  const { port, external } = config.clickhouse;
  const url = external ?? `http://127.0.0.1:${port}`;
  const dataDir = path.join(config.dir, 'clickhouse', 'data');

  // The probe expects refusals while the server starts: keep the client's own error log quiet.
  const client = () => createClient({ url, request_timeout: 5_000, log: { level: ClickHouseLogLevel.OFF } });

  return {
    name: 'clickhouse',
    env: { CLICKHOUSE_URL: url, CLICKHOUSE_DATABASE },
    external: external !== undefined,
    startTimeoutMs: 60_000,
    async probe() {
      const ch = client();
      try {
        const rs = await ch.query({ query: 'SELECT 1 AS ok', format: 'JSONEachRow' });
        const rows = await rs.json<{ ok: number }>();
        if (rows[0]?.ok !== 1) throw new Error(`unexpected answer ${JSON.stringify(rows)}`);
      } finally {
        await ch.close();
      }
    },
    async prepare() {
      fs.mkdirSync(dataDir, { recursive: true });
    },
    process() {
      return {
        command: process.execPath,
        args: [
          path.join(config.repoRoot, 'clickhouse/src/embedded-server/main.ts'),
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--data',
          dataDir,
        ],
        cwd: config.repoRoot,
      };
    },
    async afterUp() {
      const ch = client();
      try {
        await ch.command({ query: `CREATE DATABASE IF NOT EXISTS ${CLICKHOUSE_DATABASE}` });
      } finally {
        await ch.close();
      }
    },
  };
}
