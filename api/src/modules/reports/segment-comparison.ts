import type { z } from 'zod';
import type { segmentComparisonBodySchema, segmentComparisonSchema } from '@loyalty/shared';
import type { Analytics } from '../../db/clickhouse.ts';
import type { Db } from '../../db/pool.ts';
import { DomainError } from '../../domain-error.ts';

// Segments side by side: each segment's published membership (segment_memberships, written by
// segment evaluation) joined with the member features. Segment names and kinds come from
// Postgres, which also proves the segments are the caller's.

type Body = z.output<typeof segmentComparisonBodySchema>;
type Comparison = z.output<typeof segmentComparisonSchema>;

const COMPARISON_SQL = `
  SELECT toString(s.segment_id) AS segment_id,
         count() AS members,
         countIf(f.last_activity_at >= {from:Date} AND f.last_activity_at < {to:Date}) AS active_members,
         avg(f.balance) AS average_balance,
         sum(f.lifetime_earned) AS lifetime_earned,
         sum(f.lifetime_redeemed) AS lifetime_redeemed,
         sum(f.transaction_count) AS transactions,
         sum(f.transaction_value) AS transaction_value,
         sum(f.redemption_count) AS redemptions
    FROM (SELECT segment_id, member_id FROM segment_memberships FINAL
           WHERE tenant_id = {tenant:UUID} AND segment_id IN {segments:Array(UUID)} AND is_member = 1) AS s
    LEFT JOIN (SELECT * FROM member_features_v WHERE tenant_id = {tenant:UUID}) AS f ON f.member_id = s.member_id
   GROUP BY s.segment_id`;

interface Row {
  segment_id: string;
  members: number;
  active_members: number;
  average_balance: number | null;
  lifetime_earned: number;
  lifetime_redeemed: number;
  transactions: number;
  transaction_value: number;
  redemptions: number;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export async function compareSegments(db: Db, analytics: Analytics, tenantId: string, body: Body): Promise<Comparison> {
  const { rows: segments } = await db.query<{
    id: string;
    name: string;
    kind: 'static' | 'dynamic' | 'hybrid';
    evaluated_at: Date | null;
  }>('SELECT id, name, kind, evaluated_at FROM segments WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL', [
    body.segmentIds,
  ]);
  if (segments.length !== body.segmentIds.length)
    throw new DomainError('not_found', 'segment not found', { field: 'segmentIds' });
  const found = await analytics.read<Row>(tenantId, {
    query: COMPARISON_SQL,
    params: { tenant: tenantId, segments: body.segmentIds, from: body.from, to: body.to },
  });
  const bySegment = new Map(found.map((r) => [r.segment_id, r]));
  const byId = new Map(segments.map((s) => [s.id, s]));
  return {
    data: body.segmentIds.map((id) => {
      const s = byId.get(id)!;
      const r = bySegment.get(id);
      const members = Number(r?.members ?? 0);
      const active = Number(r?.active_members ?? 0);
      const earned = Number(r?.lifetime_earned ?? 0);
      const redeemed = Number(r?.lifetime_redeemed ?? 0);
      const transactions = Number(r?.transactions ?? 0);
      const value = Number(r?.transaction_value ?? 0);
      return {
        segmentId: id,
        name: s.name,
        kind: s.kind,
        evaluatedAt: s.evaluated_at?.toISOString() ?? null,
        members,
        activeMembers: active,
        activeRate: ratio(active, members),
        averageBalance: members > 0 && r?.average_balance != null ? Number(r.average_balance) : null,
        lifetimeEarned: earned,
        lifetimeRedeemed: redeemed,
        redemptionRate: ratio(redeemed, earned),
        transactions,
        transactionValue: value,
        averageTransactionValue: ratio(value, transactions),
        redemptions: Number(r?.redemptions ?? 0),
      };
    }),
  };
}
