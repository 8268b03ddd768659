import { parseReportDefinition, type ReportDefinition, type ReportDefinitionInput } from '@loyalty/shared';
import { describe, expect, it } from 'vitest';
import { compileReport, ReportCompileError } from './compile-report.ts';

const TENANT = '0b0e6f5e-4d43-4c1e-9a53-3a1f5d2b7c01';
const range = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00+02:00' };

function definition(
  input: Omit<ReportDefinitionInput, 'timeRange'> & { timeRange?: ReportDefinitionInput['timeRange'] },
): ReportDefinition {
  const result = parseReportDefinition({ timeRange: range, ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

// These read the ledger (source: 'ledger'); report-sources.test.ts covers the rollup and when it is chosen.
describe('compileReport', () => {
  it('compiles points issued per day per program in a time zone', () => {
    const compiled = compileReport(
      definition({
        dimensions: ['program'],
        measures: ['points_issued', 'postings'],
        timeGrain: 'day',
        timezone: 'Europe/Paris',
      }),
      { tenantId: TENANT, source: 'ledger' },
    );
    expect(compiled.sql).toBe(
      [
        "SELECT toString(toDate(toStartOfDay(created_at, {p0:String}), {p0:String})) AS period, toString(program_id) AS program, sumIf(points, status = 'posted' AND kind IN ('earn', 'adjust') AND points > 0) AS points_issued, countIf(status = 'posted') AS postings",
        'FROM ledger_entries FINAL',
        "WHERE tenant_id = {tenant:UUID} AND created_at >= {p1:DateTime64(3, 'UTC')} AND created_at < {p2:DateTime64(3, 'UTC')}",
        'GROUP BY period, program',
        'ORDER BY period ASC, program ASC',
        'LIMIT {p3:UInt32}',
      ].join('\n'),
    );
    expect(compiled.params).toEqual({
      tenant: TENANT,
      p0: 'Europe/Paris',
      p1: '2026-03-01 00:00:00.000',
      p2: '2026-03-31 22:00:00.000',
      p3: 1000,
    });
    expect(compiled.columns).toEqual([
      { name: 'period', role: 'period', type: 'string' },
      { name: 'program', role: 'dimension', type: 'string' },
      { name: 'points_issued', role: 'measure', type: 'number' },
      { name: 'postings', role: 'measure', type: 'number' },
    ]);
  });

  it('compiles a total without grain or dimensions, and qualifies the database', () => {
    const compiled = compileReport(definition({ measures: ['net_points'] }), {
      tenantId: TENANT,
      database: 'loyalty_reports',
      source: 'ledger',
    });
    expect(compiled.sql).toContain('FROM `loyalty_reports`.ledger_entries FINAL');
    expect(compiled.sql).not.toContain('GROUP BY');
    expect(compiled.sql).not.toContain('ORDER BY');
    expect(() =>
      compileReport(definition({ measures: ['net_points'] }), { tenantId: TENANT, database: 'x`; DROP' }),
    ).toThrow(/plain identifier/);
  });

  it('keeps plain columns under their own names and honours orderBy before the grouping columns', () => {
    const compiled = compileReport(
      definition({
        dimensions: ['kind', 'reward'],
        measures: ['redemptions'],
        timeGrain: 'week',
        orderBy: [{ field: 'redemptions', direction: 'desc' }],
      }),
      { tenantId: TENANT, source: 'ledger' },
    );
    expect(compiled.sql).toContain(
      "toString(toStartOfWeek(created_at, 1, {p0:String})) AS period, kind, if(JSONType(metadata, 'rewardId') = 'String', JSONExtractString(metadata, 'rewardId'), '') AS reward",
    );
    expect(compiled.sql).toContain('ORDER BY redemptions DESC, period ASC, kind ASC, reward ASC');
  });

  it('turns every filter into a typed parameter', () => {
    const compiled = compileReport(
      definition({
        measures: ['postings'],
        filters: {
          programIds: ['5C7D2A10-7F3B-4B6E-8D2C-9E4F1A6B3C02'],
          kinds: ['earn'],
          statuses: ['posted', 'voided'],
          actorTypes: ['system'],
          rewardIds: ['free-coffee', ''],
          points: { min: -100, max: 100 },
        },
      }),
      { tenantId: TENANT },
    );
    expect(compiled.sql).toContain(
      "WHERE tenant_id = {tenant:UUID} AND created_at >= {p0:DateTime64(3, 'UTC')} AND created_at < {p1:DateTime64(3, 'UTC')} AND has({p2:Array(UUID)}, program_id) AND has({p3:Array(String)}, kind) AND has({p4:Array(String)}, status) AND has({p5:Array(String)}, actor_type) AND has({p6:Array(String)}, if(JSONType(metadata, 'rewardId') = 'String', JSONExtractString(metadata, 'rewardId'), '')) AND points >= {p7:Int64} AND points <= {p8:Int64}",
    );
    expect(compiled.params).toMatchObject({
      p2: ['5c7d2a10-7f3b-4b6e-8d2c-9e4f1a6b3c02'],
      p3: ['earn'],
      p6: ['free-coffee', ''],
      p7: -100,
      p8: 100,
    });
  });

  it('keeps hostile strings out of the SQL text', () => {
    const hostile = "x'); DROP TABLE ledger_entries; --";
    const compiled = compileReport(
      definition({
        dimensions: ['reward'],
        measures: ['redemptions'],
        filters: { rewardIds: [hostile, "\\'{tenant:UUID}"] },
      }),
      { tenantId: TENANT },
    );
    expect(compiled.sql).not.toContain('DROP');
    expect(compiled.sql).not.toContain('\\');
    expect(Object.values(compiled.params)).toContainEqual([hostile, "\\'{tenant:UUID}"]);
    // The tenant is a parameter too, whatever string the caller hands over.
    const odd = compileReport(definition({ measures: ['postings'] }), { tenantId: "' OR 1=1 --" });
    expect(odd.sql).not.toContain('OR 1=1');
    expect(odd.params.tenant).toBe("' OR 1=1 --");
  });

  it('rejects a hand-made definition that orders by a column it does not select', () => {
    const bad = {
      ...definition({ measures: ['postings'] }),
      orderBy: [{ field: 'member' as const, direction: 'asc' as const }],
    };
    expect(() => compileReport(bad, { tenantId: TENANT })).toThrow(ReportCompileError);
  });

  it('gives hours with their UTC offset and a NULL-safe average', () => {
    const compiled = compileReport(
      definition({
        measures: ['avg_points_per_posting', 'active_members'],
        timeGrain: 'hour',
        timezone: 'America/New_York',
      }),
      { tenantId: TENANT },
    );
    expect(compiled.sql).toContain(
      "formatDateTime(toStartOfHour(created_at, {p0:String}), '%Y-%m-%dT%H:%i:%S%z') AS period",
    );
    expect(compiled.sql).toContain(
      "if(countIf(status = 'posted') = 0, NULL, round(sumIf(points, status = 'posted') / countIf(status = 'posted'), 2)) AS avg_points_per_posting",
    );
    expect(compiled.sql).toContain("uniqExactIf(member_id, kind IN ('earn', 'redeem')) AS active_members");
    expect(compiled.params.p0).toBe('America/New_York');
  });
});
