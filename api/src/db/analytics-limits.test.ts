import { describe, expect, it } from 'vitest';
import { ClickHouseError } from '@clickhouse/client';
import { analyticsSettings, DEFAULT_ANALYTICS_LIMITS, limitError } from './analytics-limits.ts';

const limits = { maxMemoryBytes: 1024 ** 3, maxExecutionSeconds: 20, maxReportRows: 5_000 };
const chError = (type: string, code: string) => new ClickHouseError({ message: `Code: ${code}. ...`, code, type });

describe('analyticsSettings', () => {
  it('bounds a report in memory (spilling from half of it), time and rows', () => {
    expect(analyticsSettings(limits, 'report')).toEqual({
      output_format_json_quote_64bit_integers: 0,
      max_execution_time: 20,
      timeout_overflow_mode: 'throw',
      max_memory_usage: '1073741824',
      max_bytes_before_external_group_by: '536870912',
      max_bytes_before_external_sort: '536870912',
      max_result_rows: '5000',
      result_overflow_mode: 'throw',
    });
  });

  it('does not cap the rows of a member list (a segment may hold every member)', () => {
    const settings = analyticsSettings(DEFAULT_ANALYTICS_LIMITS, 'members');
    expect(settings).not.toHaveProperty('max_result_rows');
    expect(settings.max_memory_usage).toBe(String(2 * 1024 ** 3));
  });
});

describe('limitError', () => {
  it.each([
    ['MEMORY_LIMIT_EXCEEDED', '241', 'needs more than the 1 GiB of memory'],
    ['TIMEOUT_EXCEEDED', '159', 'runs longer than the 20 s'],
    ['TOO_MANY_ROWS_OR_BYTES', '396', 'answers more than the 5,000 rows'],
  ])('turns %s into query_too_expensive, naming the limit', (type, code, text) => {
    const err = limitError(chError(type, code), limits);
    expect(err).toMatchObject({ code: 'query_too_expensive', details: { limit: type } });
    expect(err!.message).toContain(text);
    expect(err!.message).toContain('narrow the time range');
  });

  it.each(['TOO_MANY_SIMULTANEOUS_QUERIES', 'QUOTA_EXCEEDED'])('turns %s into rate_limited', (type) => {
    expect(limitError(chError(type, '202'), limits)).toMatchObject({ code: 'rate_limited' });
  });

  it('leaves any other failure alone (a 500 with the real cause logged)', () => {
    expect(limitError(chError('UNKNOWN_TABLE', '60'), limits)).toBeUndefined();
    expect(limitError(new Error('socket hang up'), limits)).toBeUndefined();
    expect(limitError(undefined, limits)).toBeUndefined();
  });
});
