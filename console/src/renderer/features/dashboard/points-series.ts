import type { Schemas } from '@loyalty/sdk';
import { bucketInstant } from './dashboard-formatters.ts';
import { addDays, type Grain, type ResolvedRange } from './time-range.ts';

// The time series as the chart draws it: one bucket per day or hour of the range, zero where the
// report has no row (ClickHouse answers only buckets with postings, and a gap drawn as a line
// across hides a quiet day).

export type ReportResult = Schemas['ReportResult'];

export interface SeriesPoint {
  /** The report's period key: YYYY-MM-DD, or an ISO instant for hours. */
  key: string;
  issued: number;
  redeemed: number;
}

export function bucketKeys(range: ResolvedRange): string[] {
  const keys: string[] = [];
  if (range.grain === 'day') {
    for (let day = range.fromDay; day < range.toDay; day = addDays(day, 1)) keys.push(day);
    return keys;
  }
  for (let t = Date.parse(range.from); t < Date.parse(range.to); t += 3_600_000) keys.push(new Date(t).toISOString());
  return keys;
}

const position = (key: string, grain: Grain) => (grain === 'day' ? key : String(bucketInstant(key)));

export function pointsSeries(result: ReportResult, range: ResolvedRange): SeriesPoint[] {
  const byBucket = new Map<string, { issued: number; redeemed: number }>();
  for (const row of result.rows) {
    byBucket.set(position(String(row.period), range.grain), {
      issued: Number(row.points_issued ?? 0),
      redeemed: Number(row.points_redeemed ?? 0),
    });
  }
  return bucketKeys(range).map((key) => ({
    key,
    issued: 0,
    redeemed: 0,
    ...byBucket.get(position(key, range.grain)),
  }));
}
