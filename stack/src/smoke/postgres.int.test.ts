import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import pg from 'pg';

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('stackEnv').DATABASE_URL });
  await client.connect();
});
afterAll(() => client.end());

it('round-trips rows through a real PostgreSQL server', async () => {
  await client.query('CREATE TEMP TABLE smoke (id bigint PRIMARY KEY, note text NOT NULL)');
  await client.query('INSERT INTO smoke (id, note) VALUES ($1, $2), ($3, $4)', [1, 'earn', 2, 'redeem ✓']);
  const { rows } = await client.query<{ id: string; note: string }>('SELECT id, note FROM smoke ORDER BY id');
  expect(rows).toEqual([
    { id: '1', note: 'earn' },
    { id: '2', note: 'redeem ✓' },
  ]);
  const version = await client.query<{ server_version_num: string }>('SHOW server_version_num');
  expect(Number(version.rows[0]!.server_version_num)).toBeGreaterThanOrEqual(150000);
});

it('rejects a constraint violation without writing', async () => {
  await client.query('CREATE TEMP TABLE smoke_unique (id int PRIMARY KEY)');
  await client.query('INSERT INTO smoke_unique VALUES (1)');
  await expect(client.query('INSERT INTO smoke_unique VALUES (1)')).rejects.toThrow(/duplicate key/);
  const { rows } = await client.query('SELECT count(*)::int AS n FROM smoke_unique');
  expect(rows[0].n).toBe(1);
});
