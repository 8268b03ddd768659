import type { z } from 'zod';
import {
  resolveProgramTime,
  type CampaignState,
  type CampaignStatus,
  type CampaignView,
  type createCampaignBodySchema,
  type updateCampaignBodySchema,
} from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { int } from '../../db/pool.ts';
import { prismaSql, type PrismaTx } from '../../db/prisma.ts';
import type { Campaign } from '../../generated/prisma/client.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { canonicalJson } from '../idempotency/idempotency.ts';
import { appendEvents } from '../outbox/outbox.repository.ts';
import { programsRepository } from '../programs/programs.repository.ts';
import { assertSegmentsInProgram, segmentIdsInCondition } from '../segments/segment-references.ts';
import { page, pageOfIds, parseIdCursor, parseSeqCursor } from '../../http/cursor.ts';
import {
  checkCampaignEdit,
  checkCancel,
  checkDelete,
  checkPublish,
  statusBounds,
  type CampaignFacts,
} from './campaign-editing.ts';
import {
  bonusAwarded,
  campaignTotals,
  campaignView,
  campaignsRepository as repo,
  listParticipations,
  syncBonusAwarded,
  type CampaignDefinition,
  type CampaignRow,
  type CampaignTotals,
} from './campaigns.repository.ts';

type CreateBody = z.output<typeof createCampaignBodySchema>;
type UpdateBody = z.output<typeof updateCampaignBodySchema>;

/** An API time in the program's zone, or a 400 naming the field. */
function instant(input: string, timeZone: string, field: 'startsAt' | 'endsAt'): Date {
  const r = resolveProgramTime(input, timeZone);
  if (!r.ok) throw new DomainError('validation_failed', `${field}: ${r.message}`, { field });
  return r.instant;
}

function facts(c: Campaign, totals: CampaignTotals): CampaignFacts {
  const d = c.definition as unknown as CampaignDefinition;
  return {
    state: c.state as CampaignState,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    bonus: d.bonus,
    budgetPoints: c.budgetPoints === null ? null : int(c.budgetPoints),
    bonusAwarded: bonusAwarded(c, totals),
  };
}

const rowOf = (c: Campaign): CampaignRow => ({
  name: c.name,
  startsAt: c.startsAt,
  endsAt: c.endsAt,
  definition: c.definition as unknown as CampaignDefinition,
  budgetPoints: c.budgetPoints === null ? null : int(c.budgetPoints),
});

/** Key order of stored jsonb differs from the request's: compare canonically. */
const canonicalRow = (r: CampaignRow) =>
  canonicalJson({ ...r, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() });

/** Targeted segments, and segments tested by the condition, must be live segments of the program. */
async function checkTargeting(
  tx: PrismaTx,
  programId: string,
  d: Pick<CampaignDefinition, 'segmentIds' | 'condition'>,
) {
  const sql = prismaSql(tx);
  await assertSegmentsInProgram(sql, programId, d.segmentIds, 'segmentIds');
  await assertSegmentsInProgram(sql, programId, segmentIdsInCondition(d.condition), 'condition');
}

export function createCampaignsService(now: () => Date = () => new Date()) {
  async function timeZoneOf(tx: PrismaTx, programId: string): Promise<string> {
    const program = await programsRepository.find(tx, programId);
    if (!program) throw notFound('program');
    return program.timezone;
  }

  async function load(tx: PrismaTx, id: string, opts: { lock?: boolean } = {}) {
    if (opts.lock) await repo.lock(tx, id);
    const c = await repo.find(tx, id);
    if (!c) throw notFound('campaign');
    const totals = (await campaignTotals(prismaSql(tx), [c.id])).get(c.id)!;
    return { c, totals, timeZone: await timeZoneOf(tx, c.programId) };
  }

  type EventType = 'campaign_created' | 'campaign_updated' | 'campaign_deleted';
  async function record(
    tx: PrismaTx,
    p: Principal,
    requestId: string,
    change: { action: string; type: EventType; campaign: CampaignView; before?: CampaignView },
  ) {
    const sql = prismaSql(tx);
    const { action, type, campaign, before } = change;
    await recordAudit(sql, {
      tenantId: p.tenantId,
      actor: p.actor,
      action,
      entityType: 'campaign',
      entityId: campaign.id,
      before,
      after: type === 'campaign_deleted' ? undefined : campaign,
      requestId,
    });
    // `change` tells a plain edit from a publication or a cancellation, which share campaign_updated.
    await appendEvents(sql, [
      {
        type,
        tenantId: p.tenantId,
        programId: campaign.programId,
        data: { campaign, change: action.slice('campaign.'.length) },
      },
    ]);
  }

  /** Moves a campaign to another stored state (publish, cancel) after `check` allows it. */
  async function transition(
    tx: PrismaTx,
    p: Principal,
    id: string,
    requestId: string,
    to: CampaignState,
    check: (f: CampaignFacts, now: Date) => void,
  ) {
    const { c, totals, timeZone } = await load(tx, id, { lock: true });
    const at = now();
    check(facts(c, totals), at);
    const before = campaignView(c, timeZone, totals, at);
    const after = campaignView(await repo.setState(tx, id, to), timeZone, totals, at);
    await record(tx, p, requestId, { action: `campaign.${to}`, type: 'campaign_updated', campaign: after, before });
    return after;
  }

  return {
    async get(tx: PrismaTx, id: string): Promise<CampaignView> {
      const { c, totals, timeZone } = await load(tx, id);
      return campaignView(c, timeZone, totals, now());
    },

    async list(tx: PrismaTx, programId: string, q: { cursor?: string; limit: number; status?: CampaignStatus }) {
      const timeZone = await timeZoneOf(tx, programId);
      const at = now();
      const rows = await repo.list(tx, programId, {
        bounds: q.status && statusBounds(q.status, at),
        after: parseIdCursor(q.cursor),
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      const totals = await campaignTotals(
        prismaSql(tx),
        page.map((c) => c.id),
      );
      const data = page.map((c) => campaignView(c, timeZone, totals.get(c.id)!, at));
      return pageOfIds(data, rows.length > q.limit, (c) => c.id);
    },

    async create(
      tx: PrismaTx,
      p: Principal,
      programId: string,
      body: CreateBody,
      requestId: string,
    ): Promise<CampaignView> {
      const timeZone = await timeZoneOf(tx, programId);
      const at = now();
      const row: CampaignRow = {
        name: body.name,
        startsAt: instant(body.startsAt, timeZone, 'startsAt'),
        endsAt: instant(body.endsAt, timeZone, 'endsAt'),
        definition: {
          description: body.description ?? null,
          condition: body.condition ?? null,
          segmentIds: body.segmentIds.map((s) => s.toLowerCase()),
          bonus: body.bonus,
          maxParticipationsPerMember: body.maxParticipationsPerMember,
        },
        budgetPoints: body.budgetPoints,
      };
      checkCampaignEdit(
        undefined,
        { ...row, bonus: row.definition.bonus, given: { startsAt: true, endsAt: true } },
        at,
      );
      await checkTargeting(tx, programId, row.definition);
      const campaign = campaignView(
        await repo.create(tx, { ...row, tenantId: p.tenantId, programId }),
        timeZone,
        { participants: 0, participations: 0, bonusGiven: 0 },
        at,
      );
      await record(tx, p, requestId, { action: 'campaign.created', type: 'campaign_created', campaign });
      return campaign;
    },

    async update(tx: PrismaTx, p: Principal, id: string, body: UpdateBody, requestId: string): Promise<CampaignView> {
      const { c, totals, timeZone } = await load(tx, id, { lock: true });
      const at = now();
      const current = rowOf(c);
      const d = current.definition;
      const next: CampaignRow = {
        name: body.name ?? current.name,
        startsAt: body.startsAt !== undefined ? instant(body.startsAt, timeZone, 'startsAt') : current.startsAt,
        endsAt: body.endsAt !== undefined ? instant(body.endsAt, timeZone, 'endsAt') : current.endsAt,
        definition: {
          description: body.description !== undefined ? body.description : d.description,
          condition: body.condition !== undefined ? body.condition : d.condition,
          segmentIds: body.segmentIds?.map((s) => s.toLowerCase()) ?? d.segmentIds,
          bonus: body.bonus ?? d.bonus,
          maxParticipationsPerMember:
            body.maxParticipationsPerMember !== undefined
              ? body.maxParticipationsPerMember
              : d.maxParticipationsPerMember,
        },
        budgetPoints: body.budgetPoints !== undefined ? body.budgetPoints : current.budgetPoints,
      };
      const given = { startsAt: body.startsAt !== undefined, endsAt: body.endsAt !== undefined };
      checkCampaignEdit(facts(c, totals), { ...next, bonus: next.definition.bonus, given }, at);
      const before = campaignView(c, timeZone, totals, at);
      if (canonicalRow(next) === canonicalRow(current)) return before;
      if (body.segmentIds !== undefined || body.condition !== undefined)
        await checkTargeting(tx, c.programId, next.definition);
      if (current.budgetPoints === null && next.budgetPoints !== null) await syncBonusAwarded(prismaSql(tx), id);
      const after = campaignView(await repo.update(tx, id, next), timeZone, totals, at);
      await record(tx, p, requestId, { action: 'campaign.updated', type: 'campaign_updated', campaign: after, before });
      return after;
    },

    publish: (tx: PrismaTx, p: Principal, id: string, requestId: string) =>
      transition(tx, p, id, requestId, 'published', checkPublish),
    cancel: (tx: PrismaTx, p: Principal, id: string, requestId: string) =>
      transition(tx, p, id, requestId, 'cancelled', checkCancel),

    async remove(tx: PrismaTx, p: Principal, id: string, requestId: string): Promise<void> {
      const { c, totals, timeZone } = await load(tx, id, { lock: true });
      const at = now();
      checkDelete(facts(c, totals), at);
      await repo.softDelete(tx, id);
      await record(tx, p, requestId, {
        action: 'campaign.deleted',
        type: 'campaign_deleted',
        campaign: campaignView(c, timeZone, totals, at),
      });
    },

    async participations(tx: PrismaTx, id: string, q: { cursor?: string; limit: number; memberId?: string }) {
      if (!(await repo.find(tx, id))) throw notFound('campaign');
      const rows = await listParticipations(prismaSql(tx), id, {
        memberId: q.memberId,
        afterId: parseSeqCursor(q.cursor),
        limit: q.limit + 1,
      });
      return page(
        rows,
        q.limit,
        (r) => ({
          memberId: r.member_id,
          postingId: r.posting_id,
          orderId: r.order_id,
          bonusPoints: int(r.bonus_points),
          createdAt: new Date(r.created_at).toISOString(),
        }),
        (r) => r.id,
      );
    },

    async stats(tx: PrismaTx, id: string) {
      const { c, totals, timeZone } = await load(tx, id);
      const view = campaignView(c, timeZone, totals, now());
      return {
        participants: totals.participants,
        participations: totals.participations,
        bonusAwarded: view.bonusAwarded,
        budgetRemaining: view.budgetRemaining,
      };
    },
  };
}
export type CampaignsService = ReturnType<typeof createCampaignsService>;
