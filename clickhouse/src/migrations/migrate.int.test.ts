import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { DEFAULT_MIGRATIONS_DIR, migrateClickHouse } from './migrate.ts';
import { MigrationError } from './migration-plan.ts';
import { splitSqlStatements } from './split-statements.ts';

const env = inject('stackEnv');
const url = env.CLICKHOUSE_URL!;

const rows = async <T>(db: TestDatabase, query: string) =>
  (
    await db.client.query({
      query,
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    })
  ).json<T>();

describe('the shipped migrations', () => {
  let db: TestDatabase;
  let shipped: string[];
  beforeAll(async () => {
    // An empty database: the test runs the migrator itself.
    db = await createTestDatabase(env, 'migrate', { migrate: false });
    shipped = (await readdir(DEFAULT_MIGRATIONS_DIR))
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => f.slice(0, -4));
  });
  afterAll(() => db?.drop());

  it('only hold re-runnable statements (a half-applied file can be run again)', async () => {
    // CREATE ... IF NOT EXISTS (a table may be created filled: AS SELECT runs with the CREATE,
    // once), and for views, which hold no data, CREATE OR REPLACE and DROP ... IF EXISTS; DROP
    // TABLE IF EXISTS; mutations (ALTER TABLE ... UPDATE | DELETE) written to change nothing the
    // second time.
    for (const name of shipped) {
      const statements = splitSqlStatements(await readFile(join(DEFAULT_MIGRATIONS_DIR, `${name}.sql`), 'utf8'));
      expect(statements.length, name).toBeGreaterThan(0);
      for (const { sql } of statements) {
        expect(sql, name).toMatch(
          /^(CREATE (TABLE|MATERIALIZED VIEW|VIEW) IF NOT EXISTS |CREATE OR REPLACE VIEW |DROP (VIEW|TABLE) IF EXISTS |ALTER TABLE \w+ (UPDATE|DELETE)\s)/,
        );
      }
    }
  });

  it('applies every file in order on a fresh database, then nothing on a second run', async () => {
    expect(await migrateClickHouse({ url, database: db.database })).toEqual({ applied: shipped });
    expect(await migrateClickHouse({ url, database: db.database })).toEqual({ applied: [] });
    const history = await rows<{ version: number; name: string; checksum: string }>(
      db,
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    expect(history.map((h) => h.name)).toEqual(shipped);
    for (const h of history) expect(h.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('creates the raw, derived and view objects of the schema', async () => {
    const tables = await rows<{ name: string; engine: string }>(
      db,
      'SELECT name, engine FROM system.tables WHERE database = currentDatabase() ORDER BY name',
    );
    expect(Object.fromEntries(tables.map((t) => [t.name, t.engine]))).toMatchObject({
      events: 'ReplacingMergeTree',
      event_ids: 'ReplacingMergeTree',
      events_new: 'Null',
      ledger_entries: 'ReplacingMergeTree',
      members: 'ReplacingMergeTree',
      kpi_hourly: 'AggregatingMergeTree',
      kpi_daily: 'AggregatingMergeTree',
      reward_redemptions_daily: 'SummingMergeTree',
      segment_memberships: 'ReplacingMergeTree',
      member_features_v: 'View',
      kpi_daily_v: 'View',
      events_dedup_mv: 'MaterializedView',
      member_segment_features: 'AggregatingMergeTree',
      report_postings_15m: 'SummingMergeTree',
      schema_migrations: 'MergeTree',
    });
    // Dropped by 0010: it held members' external ids and attributes, and nothing read it.
    expect(tables.map((t) => t.name)).not.toContain('member_features');
  });
});

describe('forward-only history', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase(env, 'migrate_history', { migrate: false });
    dir = await mkdtemp(join(tmpdir(), 'ch-migrations-'));
    await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    await migrateClickHouse({ url, database: db.database, migrationsDir: dir });
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('applies a new multi-statement file whose strings hold ; at line ends', async () => {
    await writeFile(
      join(dir, '0901_notes.sql'),
      [
        "CREATE TABLE IF NOT EXISTS notes (id UInt8, text String DEFAULT 'a;\nb;') ENGINE = MergeTree ORDER BY id;",
        "CREATE VIEW IF NOT EXISTS notes_v AS SELECT id, concat(text, ';') AS text FROM notes; -- trailing comment",
      ].join('\n'),
    );
    expect(await migrateClickHouse({ url, database: db.database, migrationsDir: dir })).toEqual({
      applied: ['0901_notes'],
    });
    await db.client.command({ query: 'INSERT INTO notes (id) VALUES (1)' });
    expect(await rows(db, 'SELECT text FROM notes_v')).toEqual([{ text: 'a;\nb;;' }]);
  });

  it('refuses, with a clear error, to run when an applied file was edited', async () => {
    const file = join(dir, '0001_events.sql');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('25 MONTH', '13 MONTH'));
    const error = await migrateClickHouse({ url, database: db.database, migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(
      /0001_events was changed after it was applied .* revert the edit and put the change in a new migration/,
    );
    await writeFile(file, original);
  });

  it('names the file, statement and line of a failure, records nothing, and completes once fixed', async () => {
    const file = join(dir, '0902_broken.sql');
    await writeFile(
      file,
      'CREATE TABLE IF NOT EXISTS half (id UInt8) ENGINE = Memory;\n\nCREATE VIEW IF NOT EXISTS half_v AS SELECT nope FROM half;\n',
    );
    await expect(migrateClickHouse({ url, database: db.database, migrationsDir: dir })).rejects.toThrow(
      /0902_broken failed at statement 2 of 2 \(line 3\): .*nope.* Statements before it were applied/s,
    );
    const recorded = await rows<{ name: string }>(db, "SELECT name FROM schema_migrations WHERE name = '0902_broken'");
    expect(recorded).toEqual([]);
    await writeFile(
      file,
      'CREATE TABLE IF NOT EXISTS half (id UInt8) ENGINE = Memory;\n\nCREATE VIEW IF NOT EXISTS half_v AS SELECT id FROM half;\n',
    );
    expect(await migrateClickHouse({ url, database: db.database, migrationsDir: dir })).toEqual({
      applied: ['0902_broken'],
    });
  });
});
