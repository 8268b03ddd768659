import { describe, expect, it } from 'vitest';
import { isKnownTimeZone, parseReportDefinition, type ReportDefinitionInput } from './report-definition.ts';

const base: ReportDefinitionInput = {
  measures: ['points_issued'],
  timeRange: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
};

function issuesOf(input: unknown) {
  const result = parseReportDefinition(input);
  if (result.ok) throw new Error('expected the definition to be rejected');
  return result.issues;
}

describe('parseReportDefinition', () => {
  it('fills the defaults of a minimal definition', () => {
    expect(parseReportDefinition(base)).toEqual({
      ok: true,
      definition: { ...base, dimensions: [], timeGrain: 'none', timezone: 'UTC', limit: 1000 },
    });
  });

  it('accepts a full definition', () => {
    const result = parseReportDefinition({
      ...base,
      dimensions: ['program', 'reward'],
      measures: ['points_issued', 'redemptions', 'active_members'],
      filters: {
        kinds: ['earn', 'redeem'],
        statuses: ['posted'],
        programIds: ['5c7d2a10-7f3b-4b6e-8d2c-9e4f1a6b3c02'],
        points: { min: -500, max: 500 },
      },
      timeGrain: 'day',
      timezone: 'Europe/Paris',
      orderBy: [{ field: 'period', direction: 'desc' }, { field: 'redemptions' }],
      limit: 10_000,
    });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.definition.orderBy).toEqual([
        { field: 'period', direction: 'desc' },
        { field: 'redemptions', direction: 'asc' },
      ]);
  });

  it('rejects names outside the closed lists, with the path of the bad item', () => {
    const issues = issuesOf({
      ...base,
      dimensions: ['kind', 'metadata; DROP TABLE x'],
      measures: ['points_issued', 'sum(points)'],
    });
    expect(issues.map((i) => i.path)).toEqual(['dimensions.1', 'measures.1']);
  });

  it('bounds the numbers of dimensions, measures and rows', () => {
    const issues = issuesOf({
      ...base,
      dimensions: ['program', 'member', 'kind', 'status'],
      measures: [],
      limit: 10_001,
    });
    expect(issues.map((i) => i.path)).toEqual(['dimensions', 'measures', 'limit']);
    expect(issuesOf({ ...base, measures: ['postings', 'postings'] })).toEqual([
      { path: 'measures', message: 'measures must not repeat' },
    ]);
  });

  it('checks the time range: instants, order and a span of at most two years', () => {
    expect(issuesOf({ ...base, timeRange: { from: 'yesterday', to: base.timeRange.to } })).toEqual([
      { path: 'timeRange.from', message: 'must be an ISO 8601 instant, such as 2026-03-01T00:00:00Z' },
    ]);
    expect(issuesOf({ ...base, timeRange: { from: '2026-04-01T00:00:00Z', to: '2026-04-01T00:00:00Z' } })).toEqual([
      { path: 'timeRange.to', message: 'must be after timeRange.from' },
    ]);
    expect(issuesOf({ ...base, timeRange: { from: '2024-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' } })).toEqual([
      { path: 'timeRange.to', message: 'the range must not span more than 2 years' },
    ]);
    expect(
      parseReportDefinition({
        ...base,
        timeRange: { from: '2024-01-01T00:00:00+01:00', to: '2026-01-01T00:00:00+01:00' },
      }).ok,
    ).toBe(true);
  });

  it('accepts IANA zones only', () => {
    expect(parseReportDefinition({ ...base, timezone: 'America/Argentina/Buenos_Aires' }).ok).toBe(true);
    for (const timezone of ['Mars/Olympus', "Europe/Paris')", 'Paris', '+01:00', '']) {
      expect(issuesOf({ ...base, timezone }), timezone).toEqual([
        { path: 'timezone', message: 'must be an IANA time zone, such as Europe/Paris or UTC' },
      ]);
    }
    expect(isKnownTimeZone('UTC')).toBe(true);
  });

  it('checks filters: closed values, ids, points bounds, no unknown keys', () => {
    const issues = issuesOf({
      ...base,
      filters: { kinds: ['earn', 'gift'], programIds: ['not-a-uuid'], points: { min: 10, max: 5 }, sql: '1=1' },
    });
    expect(issues.map((i) => i.path).sort()).toEqual([
      'filters',
      'filters.kinds.1',
      'filters.points.max',
      'filters.programIds.0',
    ]);
    expect(issuesOf({ ...base, filters: { points: {} } })).toEqual([
      { path: 'filters.points', message: 'give min, max or both' },
    ]);
    expect(issuesOf({ ...base, filters: { statuses: [] } }).map((i) => i.path)).toEqual(['filters.statuses']);
  });

  it('orders only by columns of the report', () => {
    expect(issuesOf({ ...base, orderBy: [{ field: 'period' }, { field: 'postings' }] })).toEqual([
      {
        path: 'orderBy.0.field',
        message: '"period" is not a column of this report (a chosen dimension, measure, or period with a time grain)',
      },
      {
        path: 'orderBy.1.field',
        message: '"postings" is not a column of this report (a chosen dimension, measure, or period with a time grain)',
      },
    ]);
    expect(
      issuesOf({ ...base, orderBy: [{ field: 'points_issued' }, { field: 'points_issued', direction: 'desc' }] }),
    ).toEqual([{ path: 'orderBy', message: 'fields must not repeat' }]);
  });

  it('reports a non-object at the root', () => {
    expect(issuesOf('SELECT 1')).toEqual([{ path: '(root)', message: expect.any(String) }]);
  });
});
