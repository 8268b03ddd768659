import type { Condition, RewardDetails, RewardType } from '@loyalty/shared';
import { int } from '../../db/pool.ts';
import type { Reward } from '../../generated/prisma/client.ts';
import type { RewardTerms } from './redemption-decision.ts';

// What the rewards table holds beside its columns (definition jsonb), and the API views of
// rewards and redemptions. Rows come from Prisma (bigint as BigInt) or from raw SQL aliased to
// the same field names (bigint as string).

export interface RewardDefinition {
  description: string | null;
  condition: Condition | null;
  details: RewardDetails;
}

export type RewardRecord = Omit<Reward, 'pointsCost' | 'type' | 'definition'> & {
  pointsCost: bigint | string | number;
  type: RewardType;
  definition: unknown;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const definitionOf = (r: Pick<RewardRecord, 'definition'>) => r.definition as RewardDefinition;

export function rewardView(r: RewardRecord) {
  const d = definitionOf(r);
  return {
    id: r.id,
    programId: r.programId,
    name: r.name,
    description: d.description ?? null,
    type: r.type,
    pointsCost: int(r.pointsCost),
    stock: r.stock,
    validFrom: iso(r.validFrom),
    validUntil: iso(r.validUntil),
    perMemberLimit: r.perMemberLimit,
    condition: (d.condition ?? null) as Record<string, unknown> | null,
    tierIds: r.tierIds,
    campaignId: r.campaignId,
    active: r.active,
    details: d.details as Record<string, unknown>,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
export type RewardView = ReturnType<typeof rewardView>;

export function usesCodePool(r: Pick<RewardRecord, 'type' | 'definition'>): boolean {
  return r.type === 'digital' && (definitionOf(r).details as { codePool?: boolean }).codePool !== false;
}

export function rewardTerms(r: RewardRecord): RewardTerms {
  return {
    active: r.active,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    campaignId: r.campaignId,
    tierIds: r.tierIds,
    condition: definitionOf(r).condition ?? null,
    perMemberLimit: r.perMemberLimit,
    stock: r.stock,
    pointsCost: int(r.pointsCost),
    usesCodePool: usesCodePool(r),
  };
}

export interface RedemptionRow {
  id: string;
  seq: string;
  program_id: string;
  reward_id: string;
  member_id: string;
  posting_id: string;
  points: string;
  status: 'pending' | 'fulfilled' | 'cancelled';
  code: string | null;
  note: string | null;
  refund_posting_id: string | null;
  created_at: Date;
  resolved_at: Date | null;
}

export function redemptionView(r: RedemptionRow) {
  return {
    id: r.id,
    programId: r.program_id,
    rewardId: r.reward_id,
    memberId: r.member_id,
    postingId: r.posting_id,
    points: int(r.points),
    status: r.status,
    code: r.code,
    note: r.note,
    refundPostingId: r.refund_posting_id,
    createdAt: r.created_at.toISOString(),
    resolvedAt: iso(r.resolved_at),
  };
}
export type RedemptionView = ReturnType<typeof redemptionView>;
