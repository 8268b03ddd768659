import type pg from 'pg';
import type { z } from 'zod';
import {
  type Condition,
  type createSegmentBodySchema,
  type SegmentView,
  type updateSegmentBodySchema,
} from '@loyalty/shared';
import { pageOfIds, parseIdCursor } from '../../http/cursor.ts';
import { DomainError, notFound } from '../../domain-error.ts';
import { prismaSql, type PrismaTx } from '../../db/prisma.ts';
import type { Db } from '../../db/pool.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { campaignsUsingSegment } from '../campaigns/campaigns.lookup.ts';
import { findMember } from '../members/members.repository.ts';
import { canonicalJson } from '../idempotency/idempotency.ts';
import { appendEvents } from '../outbox/outbox.repository.ts';
import { programAnalyticsAttributes, programsRepository } from '../programs/programs.repository.ts';
import { undeclaredAttributeKeys } from './segment-attributes.ts';
import { assertSegmentsInProgram, segmentIdsInCondition } from './segment-references.ts';
import {
  addToList,
  findSegmentForMembership,
  listSegmentMembers,
  removeFromList,
  segmentsOfMember,
  type CuratedList,
} from './segment-membership.ts';
import {
  deleteMembershipRows,
  segmentCounts,
  segmentsRepository as repo,
  segmentsTestingSegment,
  segmentView,
} from './segments.repository.ts';

type CreateBody = z.output<typeof createSegmentBodySchema>;
type UpdateBody = z.output<typeof updateSegmentBodySchema>;

async function withCounts(tx: PrismaTx, segments: Parameters<typeof segmentView>[0][]): Promise<SegmentView[]> {
  const counts = await segmentCounts(
    prismaSql(tx),
    segments.map((s) => s.id),
  );
  return segments.map((s) => segmentView(s, counts.get(s.id)));
}

/** A segment condition may test other segments of its program, never itself. */
async function checkConditionReferences(
  db: Db,
  programId: string,
  selfId: string | undefined,
  condition: CreateBody['condition'],
) {
  const ids = segmentIdsInCondition(condition);
  if (selfId !== undefined && ids.includes(selfId)) {
    throw new DomainError('validation_failed', 'a segment condition cannot test membership of the segment itself', {
      field: 'condition',
    });
  }
  await assertSegmentsInProgram(db, programId, ids, 'condition');
  if (!condition) return;
  const undeclared = undeclaredAttributeKeys(condition, (await programAnalyticsAttributes(db, programId)) ?? []);
  if (undeclared.length > 0) {
    const fields = undeclared.map((key) => `member.attributes.${key}`).join(', ');
    // The program's settings decide, not the condition alone: a conflict with them.
    throw new DomainError(
      'conflict',
      `the condition tests ${fields}, which the program does not declare free of personal data: segments run on analytics, which hold only the attributes in the program's settings.analyticsAttributes (declare it there if it names no one)`,
      { field: 'condition', undeclaredAttributes: undeclared },
    );
  }
}

export function createSegmentsService(now: () => Date = () => new Date()) {
  async function load(tx: PrismaTx, id: string) {
    const s = await repo.find(tx, id);
    if (!s) throw notFound('segment');
    return s;
  }

  async function record(
    db: Db,
    p: Principal,
    requestId: string,
    change: {
      action: string;
      segment: SegmentView;
      before?: SegmentView;
      type: 'segment_created' | 'segment_updated' | 'segment_deleted';
    },
  ) {
    const { action, segment, before, type } = change;
    await recordAudit(db, {
      tenantId: p.tenantId,
      actor: p.actor,
      action,
      entityType: 'segment',
      entityId: segment.id,
      before,
      after: type === 'segment_deleted' ? undefined : segment,
      requestId,
    });
    await appendEvents(db, [
      {
        type,
        tenantId: p.tenantId,
        programId: segment.programId,
        data: { segment, change: action.slice('segment.'.length) },
      },
    ]);
  }

  return {
    async get(tx: PrismaTx, id: string): Promise<SegmentView> {
      return (await withCounts(tx, [await load(tx, id)]))[0]!;
    },

    async list(tx: PrismaTx, programId: string, q: { cursor?: string; limit: number; kind?: CreateBody['kind'] }) {
      if (!(await programsRepository.find(tx, programId))) throw notFound('program');
      const rows = await repo.list(tx, programId, { kind: q.kind, after: parseIdCursor(q.cursor), limit: q.limit + 1 });
      const data = await withCounts(tx, rows.slice(0, q.limit));
      return pageOfIds(data, rows.length > q.limit, (s) => s.id);
    },

    async create(
      tx: PrismaTx,
      p: Principal,
      programId: string,
      body: CreateBody,
      requestId: string,
    ): Promise<SegmentView> {
      if (!(await programsRepository.find(tx, programId))) throw notFound('program');
      const sql = prismaSql(tx);
      await checkConditionReferences(sql, programId, undefined, body.condition);
      const segment = segmentView(
        await repo.create(tx, {
          tenantId: p.tenantId,
          programId,
          name: body.name,
          description: body.description ?? null,
          kind: body.kind,
          condition: body.condition ?? null,
        }),
      );
      await record(sql, p, requestId, { action: 'segment.created', type: 'segment_created', segment });
      return segment;
    },

    async update(tx: PrismaTx, p: Principal, id: string, body: UpdateBody, requestId: string): Promise<SegmentView> {
      await repo.lock(tx, id);
      const found = await load(tx, id);
      const before = (await withCounts(tx, [found]))[0]!;
      if (body.kind !== undefined && body.kind !== before.kind) {
        throw new DomainError(
          'conflict',
          `a segment's kind is fixed once created (this one is ${before.kind}); create a new segment instead`,
          { field: 'kind' },
        );
      }
      if (body.condition !== undefined && before.kind === 'static') {
        throw new DomainError('conflict', 'a static segment is a curated list: it has no condition', {
          field: 'condition',
        });
      }
      const sql = prismaSql(tx);
      if (body.condition !== undefined) await checkConditionReferences(sql, before.programId, id, body.condition);
      const next = {
        name: body.name ?? before.name,
        description: body.description !== undefined ? body.description : before.description,
        // Rule members stay those of the last evaluation until the analytics side evaluates the new condition.
        condition: body.condition ?? (found.condition as Condition | null),
      };
      if (
        canonicalJson(next) ===
        canonicalJson({ name: before.name, description: before.description, condition: found.condition })
      )
        return before;
      const after = segmentView(await repo.update(tx, id, next), {
        members: before.memberCount,
        included: before.includedCount,
        excluded: before.excludedCount,
      });
      await record(sql, p, requestId, { action: 'segment.updated', type: 'segment_updated', segment: after, before });
      return after;
    },

    async remove(tx: PrismaTx, p: Principal, id: string, requestId: string): Promise<void> {
      await repo.lock(tx, id);
      const before = (await withCounts(tx, [await load(tx, id)]))[0]!;
      const sql = prismaSql(tx);
      const [campaignIds, segmentIds] = [
        await campaignsUsingSegment(sql, id, now()),
        await segmentsTestingSegment(sql, id),
      ];
      if (campaignIds.length > 0 || segmentIds.length > 0) {
        throw new DomainError(
          'conflict',
          "the segment is still used by campaigns that are not over, or by other segments' conditions; change those first",
          {
            reason: 'segment_in_use',
            campaignIds,
            segmentIds,
          },
        );
      }
      await repo.softDelete(tx, id);
      await deleteMembershipRows(sql, id);
      await record(sql, p, requestId, { action: 'segment.deleted', type: 'segment_deleted', segment: before, before });
    },

    /** Adds members to, or removes them from, a curated list: includes (static, hybrid) or excludes (hybrid). */
    async changeList(
      tx: pg.PoolClient,
      p: Principal,
      id: string,
      list: CuratedList,
      op: 'add' | 'remove',
      memberIds: string[],
      requestId: string,
    ) {
      const s = await findSegmentForMembership(tx, id, { lock: true });
      if (!s) throw notFound('segment');
      if (list === 'include' && s.kind === 'dynamic') {
        throw new DomainError(
          'conflict',
          "a dynamic segment's members come from its condition; curate members in a static or hybrid segment",
          { reason: 'segment_kind', kind: s.kind },
        );
      }
      if (list === 'exclude' && s.kind !== 'hybrid') {
        throw new DomainError('conflict', `only hybrid segments have an exclude list; this one is ${s.kind}`, {
          reason: 'segment_kind',
          kind: s.kind,
        });
      }
      const { changedIds, counts } =
        op === 'add'
          ? await addToList(tx, s, list, memberIds).then(({ addedIds, ...counts }) => ({
              changedIds: addedIds,
              counts,
            }))
          : await removeFromList(tx, s, list, memberIds).then(({ removedIds, ...counts }) => ({
              changedIds: removedIds,
              counts,
            }));
      if (changedIds.length > 0) {
        const action = `segment.${list === 'include' ? 'members' : 'excludes'}_${op === 'add' ? 'added' : 'removed'}`;
        await recordAudit(tx, {
          tenantId: p.tenantId,
          actor: p.actor,
          action,
          entityType: 'segment',
          entityId: s.id,
          after: counts,
          requestId,
        });
        // The event names the members that changed, so consumers can keep membership in step.
        await appendEvents(tx, [
          {
            type: 'segment_updated',
            tenantId: p.tenantId,
            programId: s.programId,
            data: { segmentId: s.id, change: action.slice('segment.'.length), memberIds: changedIds, ...counts },
          },
        ]);
      }
      return counts;
    },

    async members(
      tx: pg.PoolClient,
      id: string,
      which: 'members' | 'excluded',
      cursor: string | undefined,
      limit: number,
    ) {
      if (!(await findSegmentForMembership(tx, id))) throw notFound('segment');
      const rows = await listSegmentMembers(tx, id, which, parseIdCursor(cursor), limit + 1);
      const data = rows.slice(0, limit).map((r) => ({
        memberId: r.member_id,
        externalId: r.external_id,
        sources: r.sources,
        addedAt: r.added_at.toISOString(),
      }));
      return pageOfIds(data, rows.length > limit, (m) => m.memberId);
    },

    async memberSegments(tx: pg.PoolClient, memberId: string) {
      if (!(await findMember(tx, memberId))) throw notFound('member');
      return segmentsOfMember(tx, memberId);
    },
  };
}
export type SegmentsService = ReturnType<typeof createSegmentsService>;
