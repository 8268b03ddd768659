import { createReadStream } from 'node:fs';
import { LoyaltyApiError, type LoyaltyClient } from '@loyalty/sdk';
import { csvRecords } from './csv-records.ts';
import { errorMessageOf, exitCodeOf, EXIT } from './exit-codes.ts';
import { importProgress } from './import-progress.ts';
import {
  memberBodyOf,
  memberImportKey,
  membersCsvHeader,
  MembersCsvError,
  type CreateMemberBody,
} from './member-rows.ts';

// `loyalty members import`: the CSV is read twice, as a stream each time: once to count the rows
// (for the progress), once to create them, one request per row. Each creation carries an
// Idempotency-Key made of the program and the row's externalId, so a re-run after a crash gets the
// first answer back (replayed) instead of a second member; a member created otherwise answers 409
// external_id_taken. Both count as "existing". A refused row is reported with its line and the
// import goes on; a refusal that is not about the row (no session, a missing permission, a program
// that does not exist) or an API that is down stops it, as every later row would fail the same way.

export interface ImportSummary {
  total: number;
  created: number;
  existing: number;
  failed: { line: number; externalId?: string; reason: string }[];
}

const EXISTS_CODES = new Set(['external_id_taken', 'idempotency_key_reused']);

function records(file: string) {
  return csvRecords(createReadStream(file, { encoding: 'utf8' }));
}

async function countRows(file: string): Promise<number> {
  let rows = -1;
  for await (const _record of records(file)) rows += 1;
  return Math.max(rows, 0);
}

export async function importMembers(client: LoyaltyClient, programId: string, file: string): Promise<ImportSummary> {
  const total = await countRows(file);
  const summary: ImportSummary = { total, created: 0, existing: 0, failed: [] };
  const progress = importProgress(total);
  let header: ReturnType<typeof membersCsvHeader> | undefined;
  let done = 0;
  for await (const record of records(file)) {
    if (!header) {
      header = membersCsvHeader(record);
      continue;
    }
    const body = memberBodyOf(header, record);
    if ('error' in body) summary.failed.push({ line: record.line, reason: body.error });
    else await createOne(client, programId, body, record.line, summary);
    done += 1;
    progress.update(done);
  }
  if (!header) throw new MembersCsvError(`${file} is empty: it needs a header row (externalId, email, ...)`);
  progress.finish(done);
  return summary;
}

async function createOne(
  client: LoyaltyClient,
  programId: string,
  body: CreateMemberBody,
  line: number,
  summary: ImportSummary,
): Promise<void> {
  try {
    const { data, error, response } = await client.api.POST('/v1/programs/{programId}/members', {
      params: { path: { programId }, header: { 'Idempotency-Key': memberImportKey(programId, body.externalId) } },
      body,
    });
    if (error !== undefined || !data) throw LoyaltyApiError.fromResponse(response, error);
    if (response.headers.get('idempotent-replayed') === 'true') summary.existing += 1;
    else summary.created += 1;
  } catch (err) {
    if (err instanceof LoyaltyApiError && EXISTS_CODES.has(err.code)) {
      summary.existing += 1;
      return;
    }
    if (stopsTheImport(err)) throw err;
    summary.failed.push({ line, externalId: body.externalId, reason: errorMessageOf(err).replace(/^error: /, '') });
  }
}

function stopsTheImport(err: unknown): boolean {
  const code = exitCodeOf(err);
  if (code === EXIT.notAuthenticated || code === EXIT.unavailable) return true;
  return err instanceof LoyaltyApiError && (err.status === 403 || err.status === 404);
}
