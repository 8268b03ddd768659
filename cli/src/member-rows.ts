import { createHash } from 'node:crypto';
import type { paths } from '@loyalty/sdk';
import type { CsvRecord } from './csv-records.ts';

// A members CSV: a header naming the columns, then one member per row. externalId is required;
// email, phone, name and birthday are the member's profile; `attributes.<key>` columns become the
// member's custom attributes (as strings). An empty cell is left out, so the API's defaults apply.

export type CreateMemberBody =
  paths['/v1/programs/{programId}/members']['post']['requestBody']['content']['application/json'];

const PROFILE_COLUMNS = ['email', 'phone', 'name', 'birthday'] as const;
const ATTRIBUTE_PREFIX = 'attributes.';

export class MembersCsvError extends Error {
  override name = 'MembersCsvError';
}

export interface MembersCsvHeader {
  columns: string[];
}

/** Checks the header row: known columns only, externalId present, no column twice. */
export function membersCsvHeader(record: CsvRecord): MembersCsvHeader {
  const columns = record.fields.map((f) => f.trim());
  const seen = new Set<string>();
  for (const column of columns) {
    const known =
      column === 'externalId' ||
      (PROFILE_COLUMNS as readonly string[]).includes(column) ||
      (column.startsWith(ATTRIBUTE_PREFIX) && column.length > ATTRIBUTE_PREFIX.length);
    if (!known) {
      throw new MembersCsvError(
        `line ${record.line}: unknown column "${column}" (use externalId, ${PROFILE_COLUMNS.join(', ')} or attributes.<key>)`,
      );
    }
    if (seen.has(column)) throw new MembersCsvError(`line ${record.line}: the column "${column}" appears twice`);
    seen.add(column);
  }
  if (!seen.has('externalId')) throw new MembersCsvError(`line ${record.line}: the header has no externalId column`);
  return { columns };
}

/** The create-member body of a data row, or the reason it has none. */
export function memberBodyOf(header: MembersCsvHeader, record: CsvRecord): CreateMemberBody | { error: string } {
  if (record.fields.length !== header.columns.length) {
    return { error: `${record.fields.length} fields where the header has ${header.columns.length}` };
  }
  let externalId = '';
  const profile: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  header.columns.forEach((column, i) => {
    const value = record.fields[i]!.trim();
    if (column === 'externalId') externalId = value;
    else if (value === '') return;
    else if (column.startsWith(ATTRIBUTE_PREFIX)) attributes[column.slice(ATTRIBUTE_PREFIX.length)] = value;
    else profile[column] = value;
  });
  if (externalId === '') return { error: 'externalId is empty' };
  return {
    externalId,
    ...profile,
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
  };
}

/**
 * The Idempotency-Key of a member's creation: the same for the same program and externalId, so a
 * re-run of an import (after a crash, say) is answered the first creation instead of a duplicate.
 * Hashed, because an externalId may hold characters a header cannot carry, or be too long.
 */
export function memberImportKey(programId: string, externalId: string): string {
  const digest = createHash('sha256').update(`${programId}\n${externalId}`).digest('hex');
  return `member-import-${digest}`;
}
