import { parseReportDefinition, type ReportDefinition, type ReportDefinitionInput } from '@loyalty/shared';
import { describe, expect, it } from 'vitest';
import { compileReport } from './compile-report.ts';
import { rollupServes } from './report-sources.ts';

const TENANT = '0b0e6f5e-4d43-4c1e-9a53-3a1f5d2b7c01';
const range = { from: '2026-03-01T00:00:00+01:00', to: '2026-04-01T00:00:00+02:00' };

function definition(
  input: Omit<ReportDefinitionInput, 'timeRange'> & { timeRange?: ReportDefinitionInput['timeRange'] },
): ReportDefinition {
  const result = parseReportDefinition({ timeRange: range, ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

describe('rollupServes', () => {
  it('takes reports over kinds, statuses, actors, rewards and programs by period', () => {
    expect(
      rollupServes(
        definition({
          dimensions: ['kind', 'status', 'actor_type'],
          measures: [
            'postings',
            'points_issued',
            'points_redeemed',
            'points_expired',
            'net_points',
            'redemptions',
            'avg_points_per_posting',
          ],
          timeGrain: 'month',
          timezone: 'Europe/Paris',
        }),
      ),
    ).toBe(true);
    expect(
      rollupServes(
        definition({
          dimensions: ['program', 'reward'],
          measures: ['redemptions'],
          timeGrain: 'hour',
          filters: { kinds: ['redeem'], rewardIds: [''], programIds: ['5c7d2a10-7f3b-4b6e-8d2c-9e4f1a6b3c02'] },
        }),
      ),
    ).toBe(true);
  });

  it('leaves members, exact member counts and point filters to the ledger', () => {
    expect(rollupServes(definition({ dimensions: ['member'], measures: ['postings'] }))).toBe(false);
    expect(rollupServes(definition({ measures: ['postings', 'active_members'] }))).toBe(false);
    expect(
      rollupServes(
        definition({ measures: ['postings'], filters: { memberIds: ['5c7d2a10-7f3b-4b6e-8d2c-9e4f1a6b3c02'] } }),
      ),
    ).toBe(false);
    expect(rollupServes(definition({ measures: ['postings'], filters: { points: { min: 1 } } }))).toBe(false);
  });

  it('needs a range on 15-minute boundaries', () => {
    expect(
      rollupServes(
        definition({ measures: ['postings'], timeRange: { from: '2026-03-01T00:15:00Z', to: '2026-03-02T10:45:00Z' } }),
      ),
    ).toBe(true);
    expect(
      rollupServes(
        definition({ measures: ['postings'], timeRange: { from: '2026-03-01T00:10:00Z', to: '2026-03-02T00:00:00Z' } }),
      ),
    ).toBe(false);
    expect(
      rollupServes(
        definition({
          measures: ['postings'],
          timeRange: { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00.001Z' },
        }),
      ),
    ).toBe(false);
  });

  it('needs local periods made of whole buckets: zone offsets in quarter hours over the range', () => {
    const day = (timezone: string, from: string, to: string) =>
      definition({ measures: ['postings'], timeGrain: 'day', timezone, timeRange: { from, to } });
    expect(rollupServes(day('Asia/Kolkata', '2026-03-01T00:00:00+05:30', '2026-04-01T00:00:00+05:30'))).toBe(true);
    expect(rollupServes(day('Asia/Kathmandu', '2026-03-01T00:00:00+05:45', '2026-04-01T00:00:00+05:45'))).toBe(true);
    expect(rollupServes(day('Australia/Lord_Howe', '2026-03-01T00:00:00+11:00', '2026-05-01T00:00:00+10:30'))).toBe(
      true,
    );
    // Monrovia kept -0:44:30 until 1972: its local midnight cut 15-minute buckets.
    expect(rollupServes(day('Africa/Monrovia', '1971-01-01T00:45:00Z', '1971-02-01T00:45:00Z'))).toBe(false);
    // Without a grain the zone plays no part.
    expect(
      rollupServes(
        definition({
          measures: ['postings'],
          timezone: 'Africa/Monrovia',
          timeRange: { from: '1971-01-01T00:45:00Z', to: '1971-02-01T00:45:00Z' },
        }),
      ),
    ).toBe(true);
  });

  it('leaves a zone the runtime does not know to the ledger (the server then rejects it)', () => {
    const parsed = definition({ measures: ['postings'], timeGrain: 'day' });
    expect(rollupServes({ ...parsed, timezone: "UTC') FROM system.tables --" })).toBe(false);
  });
});

describe('compileReport from the rollup', () => {
  it('sums the rollup by the same periods, keeps groups that hold postings and reports its source', () => {
    const compiled = compileReport(
      definition({
        dimensions: ['kind', 'reward'],
        measures: ['redemptions', 'points_redeemed', 'avg_points_per_posting'],
        timeGrain: 'week',
        timezone: 'Europe/Paris',
        filters: { rewardIds: ['free-coffee'] },
      }),
      { tenantId: TENANT, database: 'loyalty_reports' },
    );
    expect(compiled.source).toBe('rollup');
    expect(compiled.sql).toBe(
      [
        "SELECT toString(toStartOfWeek(bucket, 1, {p0:String})) AS period, kind, reward_id AS reward, toUInt64(sumIf(posting_count, status = 'posted' AND kind = 'redeem')) AS redemptions, " +
          "sumIf(-(points_positive + points_negative), status = 'posted' AND kind = 'redeem') AS points_redeemed, " +
          "if(sumIf(posting_count, status = 'posted') = 0, NULL, round(sumIf(points_positive + points_negative, status = 'posted') / sumIf(posting_count, status = 'posted'), 2)) AS avg_points_per_posting",
        'FROM `loyalty_reports`.report_postings_15m',
        "WHERE tenant_id = {tenant:UUID} AND bucket >= {p1:DateTime64(3, 'UTC')} AND bucket < {p2:DateTime64(3, 'UTC')} AND has({p3:Array(String)}, reward_id)",
        'GROUP BY period, kind, reward',
        'HAVING sum(posting_count) > 0',
        'ORDER BY period ASC, kind ASC, reward ASC',
        'LIMIT {p4:UInt32}',
      ].join('\n'),
    );
    expect(compiled.params).toEqual({
      tenant: TENANT,
      p0: 'Europe/Paris',
      p1: '2026-02-28 23:00:00.000',
      p2: '2026-03-31 22:00:00.000',
      p3: ['free-coffee'],
      p4: 1000,
    });
  });

  it('gives a total as one row, without HAVING', () => {
    const compiled = compileReport(definition({ measures: ['net_points', 'postings'] }), { tenantId: TENANT });
    expect(compiled.source).toBe('rollup');
    expect(compiled.sql).not.toContain('GROUP BY');
    expect(compiled.sql).not.toContain('HAVING');
  });

  it('reads the ledger when told to, or when the rollup cannot answer', () => {
    expect(compileReport(definition({ measures: ['postings'] }), { tenantId: TENANT, source: 'ledger' }).source).toBe(
      'ledger',
    );
    expect(
      compileReport(definition({ dimensions: ['member'], measures: ['postings'] }), { tenantId: TENANT }).sql,
    ).toContain('FROM ledger_entries FINAL');
  });
});
