import { describe, expect, it } from 'vitest';
import {
  migrationChecksum,
  MigrationError,
  pendingMigrations,
  readMigrationFiles,
  type MigrationFile,
} from './migration-plan.ts';

const files = (...names: string[]) =>
  readMigrationFiles(names.map((fileName) => ({ fileName, sql: `-- ${fileName}\nSELECT 1;` })));
const applied = (file: MigrationFile) => ({ version: file.version, name: file.name, checksum: file.checksum });

describe('readMigrationFiles', () => {
  it('orders migrations by version and ignores files that are not .sql', () => {
    const read = files('0002_rollups.sql', 'README.md', '0001_events.sql', '0010_more_things.sql');
    expect(read.map((f) => [f.version, f.name])).toEqual([
      [1, '0001_events'],
      [2, '0002_rollups'],
      [10, '0010_more_things'],
    ]);
  });

  it.each(['1_events.sql', '0001-events.sql', '0001_Events.sql', '0001_.sql', 'events.sql'])(
    'refuses the badly named %s',
    (name) => {
      expect(() => files(name)).toThrow(MigrationError);
    },
  );

  it('refuses two files with one version', () => {
    expect(() => files('0001_events.sql', '0001_other.sql')).toThrow('share version 0001');
  });
});

describe('migrationChecksum', () => {
  it('is the sha256 of the text, the same for LF and CRLF checkouts', () => {
    expect(migrationChecksum('SELECT 1;\n')).toMatch(/^[0-9a-f]{64}$/);
    expect(migrationChecksum('SELECT 1;\r\nSELECT 2;\r\n')).toBe(migrationChecksum('SELECT 1;\nSELECT 2;\n'));
    expect(migrationChecksum('SELECT 1;\n')).not.toBe(migrationChecksum('SELECT 2;\n'));
  });
});

describe('pendingMigrations', () => {
  const [one, two, three] = files('0001_events.sql', '0002_rollups.sql', '0003_features.sql') as [
    MigrationFile,
    MigrationFile,
    MigrationFile,
  ];

  it('is everything on a fresh database, and what is left after that', () => {
    expect(pendingMigrations([one, two, three], []).map((f) => f.name)).toEqual([
      '0001_events',
      '0002_rollups',
      '0003_features',
    ]);
    expect(pendingMigrations([one, two, three], [applied(one), applied(two)]).map((f) => f.name)).toEqual([
      '0003_features',
    ]);
    expect(pendingMigrations([one, two, three], [applied(one), applied(two), applied(three)])).toEqual([]);
  });

  it('treats a version recorded twice with the same content as applied once', () => {
    expect(pendingMigrations([one, two], [applied(one), applied(one)]).map((f) => f.name)).toEqual(['0002_rollups']);
  });

  it('refuses when an applied file changed', () => {
    const edited = readMigrationFiles([{ fileName: '0001_events.sql', sql: 'SELECT 42;' }])[0]!;
    expect(() => pendingMigrations([edited, two], [applied(one)])).toThrow(
      /0001_events was changed after it was applied \(checksum [0-9a-f]{12} recorded/,
    );
  });

  it('refuses when an applied file is missing or renamed', () => {
    expect(() => pendingMigrations([two], [applied(one)])).toThrow('0001_events was applied but its file is missing');
    const renamed = { ...one, name: '0001_raw_events' };
    expect(() => pendingMigrations([renamed, two], [applied(one)])).toThrow('file is now named 0001_raw_events');
  });

  it('refuses a new file numbered before the last applied one', () => {
    expect(() => pendingMigrations([one, two, three], [applied(one), applied(three)])).toThrow(
      '0002_rollups is numbered before the last applied migration (3)',
    );
  });

  it('refuses two different records for one version', () => {
    expect(() => pendingMigrations([one], [applied(one), { ...applied(one), checksum: 'f'.repeat(64) }])).toThrow(
      'two different records for version 1',
    );
  });
});
