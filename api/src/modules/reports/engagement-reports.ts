import type { z } from 'zod';
import type { campaignPerformanceSchema, kpiQuerySchema, retentionQuerySchema, retentionSchema } from '@loyalty/shared';
import type { Analytics } from '../../db/clickhouse.ts';
import { isPartialPeriod } from './cohort-periods.ts';

// Engagement KPIs from the event stream: campaign participation (order_created events carry the
// campaigns that gave a bonus) and retention cohorts (earn and redeem postings by period).
// Fixed SQL; every value is a bound parameter, and the program filter one of two variants.

const programFilter = (byProgram: boolean) => (byProgram ? 'AND program_id = {program:UUID}' : '');

const CAMPAIGNS_SQL = (byProgram: boolean) => `
  SELECT JSONExtractString(c, 'campaignId') AS campaign_id, uniqExact(member_id) AS participants, count() AS participations,
         sum(JSONExtractInt(c, 'points')) AS bonus_points
    FROM events ARRAY JOIN JSONExtractArrayRaw(data, 'campaigns') AS c
   WHERE tenant_id = {tenant:UUID} AND type = 'order_created' AND occurred_at >= {from:Date} AND occurred_at < {to:Date} ${programFilter(byProgram)}
   GROUP BY campaign_id ORDER BY bonus_points DESC`;

const ORDER_MEMBERS_SQL = (byProgram: boolean) => `
  SELECT uniqExact(member_id) AS active, uniqExactIf(member_id, JSONLength(data, 'campaigns') > 0) AS participants
    FROM events
   WHERE tenant_id = {tenant:UUID} AND type = 'order_created' AND occurred_at >= {from:Date} AND occurred_at < {to:Date} ${programFilter(byProgram)}`;

// A cohort is the period of a member's first earn or redemption; the grain is one of two
// fixed function names, never taken from input.
const RETENTION_SQL = (grain: 'week' | 'month', byProgram: boolean) => {
  const start = grain === 'week' ? 'toMonday' : 'toStartOfMonth';
  return `
  WITH activity AS (
    SELECT member_id, ${start}(created_at) AS period
      FROM ledger_entries
     WHERE tenant_id = {tenant:UUID} AND kind IN ('earn', 'redeem') ${programFilter(byProgram)}
     GROUP BY member_id, period
  ), firsts AS (SELECT member_id, min(period) AS cohort FROM activity GROUP BY member_id)
  SELECT toString(f.cohort) AS cohort, dateDiff('${grain}', f.cohort, a.period) AS offset, uniqExact(a.member_id) AS members
    FROM activity AS a INNER JOIN firsts AS f ON f.member_id = a.member_id
   WHERE f.cohort >= {from:Date} AND f.cohort < {to:Date}
   GROUP BY cohort, offset ORDER BY cohort, offset`;
};

type KpiQuery = z.output<typeof kpiQuerySchema>;

export async function campaignPerformance(
  analytics: Analytics,
  tenantId: string,
  q: KpiQuery,
): Promise<z.output<typeof campaignPerformanceSchema>> {
  const byProgram = q.programId !== undefined;
  const params = { tenant: tenantId, from: q.from, to: q.to, program: q.programId ?? '' };
  const [campaigns, [members]] = await Promise.all([
    analytics.read<{ campaign_id: string; participants: number; participations: number; bonus_points: number }>(
      tenantId,
      { query: CAMPAIGNS_SQL(byProgram), params },
    ),
    analytics.read<{ active: number; participants: number }>(tenantId, { query: ORDER_MEMBERS_SQL(byProgram), params }),
  ]);
  const active = Number(members?.active ?? 0);
  const participants = Number(members?.participants ?? 0);
  return {
    data: campaigns.map((c) => ({
      campaignId: c.campaign_id,
      participants: Number(c.participants),
      participations: Number(c.participations),
      bonusPoints: Number(c.bonus_points),
    })),
    activeMembers: active,
    campaignParticipants: participants,
    participationRate: active > 0 ? participants / active : null,
  };
}

export async function retentionCohorts(
  analytics: Analytics,
  tenantId: string,
  q: z.output<typeof retentionQuerySchema>,
  now = new Date(),
): Promise<z.output<typeof retentionSchema>> {
  const found = await analytics.read<{ cohort: string; offset: number; members: number }>(tenantId, {
    query: RETENTION_SQL(q.grain, q.programId !== undefined),
    params: { tenant: tenantId, from: q.from, to: q.to, program: q.programId ?? '' },
  });
  const cohorts = new Map<string, { period: number; members: number }[]>();
  for (const r of found) {
    const list = cohorts.get(r.cohort) ?? [];
    list.push({ period: Number(r.offset), members: Number(r.members) });
    cohorts.set(r.cohort, list);
  }
  return {
    grain: q.grain,
    cohorts: [...cohorts].map(([cohort, periods]) => {
      // Period 0 holds every member of the cohort by construction.
      const size = periods.find((p) => p.period === 0)?.members ?? 0;
      return {
        cohort,
        size,
        periods: periods.map((p) => ({
          ...p,
          rate: size > 0 ? p.members / size : 0,
          partial: isPartialPeriod(cohort, p.period, q.grain, now),
        })),
      };
    }),
  };
}
