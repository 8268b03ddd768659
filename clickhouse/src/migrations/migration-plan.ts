import { createHash } from 'node:crypto';

// Pure rules of the migration runner: which files are migrations, what their checksum is,
// and which of them still have to run given what the database recorded. Forward-only: an
// applied file may never change, disappear or be joined by an older one.

export interface MigrationFile {
  readonly version: number;
  /** File name without `.sql`, e.g. `0001_events`: what `applied` reports. */
  readonly name: string;
  readonly checksum: string;
  readonly sql: string;
}

export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const FILE_NAME = /^(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)\.sql$/;

/** sha256 of the text with line endings normalized, so a CRLF checkout is not a "change". */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * Turns the folder's `.sql` files into migrations in version order. A `.sql` file with
 * another name is an error rather than silently never applied; other files are ignored.
 */
export function readMigrationFiles(files: ReadonlyArray<{ fileName: string; sql: string }>): MigrationFile[] {
  const migrations: MigrationFile[] = [];
  const seen = new Map<number, string>();
  for (const { fileName, sql } of files) {
    if (!fileName.endsWith('.sql')) continue;
    const match = FILE_NAME.exec(fileName);
    if (!match) {
      throw new MigrationError(
        `${fileName}: migration files are named NNNN_description.sql (four digits, lower-case words joined by _)`,
      );
    }
    const version = Number(match[1]);
    const name = fileName.slice(0, -'.sql'.length);
    const clash = seen.get(version);
    if (clash) throw new MigrationError(`${name} and ${clash} share version ${match[1]}`);
    seen.set(version, name);
    migrations.push({ version, name, checksum: migrationChecksum(sql), sql });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

/**
 * The migrations still to apply, in order. Throws when the recorded history and the files
 * disagree: a changed or renamed applied file, an applied file that is gone, or a new file
 * numbered below the last applied one (it would run after migrations written after it).
 */
export function pendingMigrations(
  files: readonly MigrationFile[],
  recorded: readonly AppliedMigration[],
): MigrationFile[] {
  const applied = recordsByVersion(recorded);
  const byVersion = new Map(files.map((file) => [file.version, file]));
  for (const done of applied.values()) {
    const file = byVersion.get(done.version);
    if (!file) {
      throw new MigrationError(
        `${done.name} was applied but its file is missing; migrations are forward-only, restore the file`,
      );
    }
    if (file.name !== done.name) {
      throw new MigrationError(
        `${done.name} was applied but the file is now named ${file.name}; restore the original name`,
      );
    }
    if (file.checksum !== done.checksum) {
      throw new MigrationError(
        `${done.name} was changed after it was applied (checksum ${short(done.checksum)} recorded, ${short(file.checksum)} now); ` +
          'migrations are forward-only: revert the edit and put the change in a new migration',
      );
    }
  }
  const lastApplied = Math.max(0, ...applied.keys());
  const pending = files.filter((file) => !applied.has(file.version));
  const late = pending.find((file) => file.version < lastApplied);
  if (late) {
    throw new MigrationError(
      `${late.name} is numbered before the last applied migration (${lastApplied}); renumber it after that one`,
    );
  }
  return pending;
}

/** Two runners racing may record a version twice; identical records are one, different ones are an error. */
function recordsByVersion(recorded: readonly AppliedMigration[]): Map<number, AppliedMigration> {
  const byVersion = new Map<number, AppliedMigration>();
  for (const row of recorded) {
    const other = byVersion.get(row.version);
    if (other && (other.checksum !== row.checksum || other.name !== row.name)) {
      throw new MigrationError(
        `schema_migrations holds two different records for version ${row.version} (${other.name}, ${row.name})`,
      );
    }
    byVersion.set(row.version, row);
  }
  return byVersion;
}

function short(checksum: string): string {
  return checksum.slice(0, 12);
}
