import { createHash } from 'node:crypto';
import type { Db } from '../../db/pool.ts';
import { appendEventOnce } from '../outbox/outbox.repository.ts';

// What the campaign lifecycle workflow (workflows/src/campaigns) reads and writes: a campaign's
// stored state and dates, and its `campaign_started` / `campaign_ended` events. Event ids derive
// from the campaign and the event type, so however often the workflow runs, retries or restarts,
// each is written once.

export type LifecycleEventType = 'campaign_started' | 'campaign_ended';

export interface CampaignLifecycleFacts {
  programId: string;
  state: 'draft' | 'published' | 'cancelled';
  startsAt: string;
  endsAt: string;
}

/** A stable UUID (v8 layout) named by the campaign and the event type. */
export function lifecycleEventId(campaignId: string, type: LifecycleEventType): string {
  const hex = createHash('sha256').update(`campaign:${campaignId}:${type}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The campaign as the lifecycle sees it; undefined once deleted (or never there). */
export async function campaignLifecycleFacts(db: Db, campaignId: string): Promise<CampaignLifecycleFacts | undefined> {
  const { rows } = await db.query<{
    program_id: string;
    state: CampaignLifecycleFacts['state'];
    starts_at: Date;
    ends_at: Date;
  }>('SELECT program_id, state, starts_at, ends_at FROM campaigns WHERE id = $1 AND deleted_at IS NULL', [campaignId]);
  const c = rows[0];
  return (
    c && {
      programId: c.program_id,
      state: c.state,
      startsAt: c.starts_at.toISOString(),
      endsAt: c.ends_at.toISOString(),
    }
  );
}

/** Published campaigns whose lifecycle may still have something to say (ended within a week, or later). */
export async function liveCampaignIds(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM campaigns WHERE state = 'published' AND deleted_at IS NULL AND ends_at > now() - interval '7 days'
     ORDER BY starts_at, id`,
  );
  return rows.map((r) => r.id);
}

export interface LifecycleEvent {
  tenantId: string;
  campaignId: string;
  type: LifecycleEventType;
  /** When it happened: the instant the workflow woke at (the campaign's start or end). */
  at: Date;
  /** Why a campaign ended: its end date came, or it was cancelled or deleted while running. */
  reason?: 'ended' | 'cancelled' | 'deleted';
}

/** Writes the event unless it was written before; true when written now. */
export async function emitLifecycleEvent(db: Db, e: LifecycleEvent): Promise<boolean> {
  const { rows } = await db.query<{ program_id: string; name: string; starts_at: Date; ends_at: Date }>(
    'SELECT program_id, name, starts_at, ends_at FROM campaigns WHERE id = $1 FOR SHARE',
    [e.campaignId],
  );
  const c = rows[0];
  if (!c) return false;
  const data = {
    campaign: { id: e.campaignId, name: c.name, startsAt: c.starts_at.toISOString(), endsAt: c.ends_at.toISOString() },
    ...(e.type === 'campaign_ended' ? { reason: e.reason ?? 'ended' } : {}),
  };
  return appendEventOnce(
    db,
    lifecycleEventId(e.campaignId, e.type),
    { type: e.type, tenantId: e.tenantId, programId: c.program_id, data },
    e.at,
  );
}
