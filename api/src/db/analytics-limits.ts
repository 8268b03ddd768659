import type { ClickHouseSettings } from '@clickhouse/client';
import { DomainError } from '../domain-error.ts';

// What one analytics query of the API may use in ClickHouse, and what the caller is told when
// ClickHouse stops it. Every tenant's reports run as the API's one ClickHouse user, so these
// per-query bounds (and the per-tenant gate, tenant-gate.ts) are what keep one tenant's heavy
// report from starving the others' memory and time.

export interface AnalyticsLimits {
  /** Memory one query may use; GROUP BY and ORDER BY spill to disk from half of it. */
  maxMemoryBytes: number;
  maxExecutionSeconds: number;
  /** Rows a report may answer. Segment evaluation lists members and has no such cap. */
  maxReportRows: number;
}

export const DEFAULT_ANALYTICS_LIMITS: AnalyticsLimits = {
  maxMemoryBytes: 2 * 1024 ** 3,
  maxExecutionSeconds: 30,
  maxReportRows: 100_000,
};

/** A report answers a table for a person; a member list feeds segment membership. */
export type AnalyticsQueryKind = 'report' | 'members';

export function analyticsSettings(limits: AnalyticsLimits, kind: AnalyticsQueryKind): ClickHouseSettings {
  const spill = String(Math.floor(limits.maxMemoryBytes / 2));
  return {
    // Numbers as JSON numbers, not quoted 64-bit strings.
    output_format_json_quote_64bit_integers: 0,
    max_execution_time: limits.maxExecutionSeconds,
    timeout_overflow_mode: 'throw',
    max_memory_usage: String(limits.maxMemoryBytes),
    max_bytes_before_external_group_by: spill,
    max_bytes_before_external_sort: spill,
    ...(kind === 'report' ? { max_result_rows: String(limits.maxReportRows), result_overflow_mode: 'throw' } : {}),
  };
}

const TOO_EXPENSIVE: Record<string, (l: AnalyticsLimits) => string> = {
  MEMORY_LIMIT_EXCEEDED: (l) => `needs more than the ${gib(l.maxMemoryBytes)} of memory an analytics query may use`,
  TIMEOUT_EXCEEDED: (l) => `runs longer than the ${l.maxExecutionSeconds} s an analytics query may take`,
  TOO_MANY_ROWS_OR_BYTES: (l) => `answers more than the ${l.maxReportRows.toLocaleString('en')} rows a report may have`,
};
const BUSY = new Set(['TOO_MANY_SIMULTANEOUS_QUERIES', 'QUOTA_EXCEEDED']);

const gib = (bytes: number) => `${Number((bytes / 1024 ** 3).toFixed(2))} GiB`;

/** The caller's error for a query ClickHouse stopped at a limit; undefined for any other failure. */
export function limitError(err: unknown, limits: AnalyticsLimits): DomainError | undefined {
  const type = (err as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return undefined;
  const reason = TOO_EXPENSIVE[type];
  if (reason)
    return new DomainError(
      'query_too_expensive',
      `the query ${reason(limits)}: narrow the time range, the dimensions or the filters`,
      { limit: type },
    );
  if (BUSY.has(type))
    return new DomainError('rate_limited', 'analytics are busy for this account; retry shortly', { limit: type });
  return undefined;
}
