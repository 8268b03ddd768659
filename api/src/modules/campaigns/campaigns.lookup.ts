import { campaignStatus, type CampaignState } from '@loyalty/shared';
import type { Db } from '../../db/pool.ts';

/** Whether a campaign is live at `now` (published, not deleted, inside its dates); false when unknown. */
export async function campaignIsActive(db: Db, campaignId: string, now: Date): Promise<boolean> {
  const { rows } = await db.query<{ state: CampaignState; starts_at: Date; ends_at: Date }>(
    'SELECT state, starts_at, ends_at FROM campaigns WHERE id = $1 AND deleted_at IS NULL',
    [campaignId],
  );
  const c = rows[0];
  return (
    c !== undefined && campaignStatus({ state: c.state, startsAt: c.starts_at, endsAt: c.ends_at }, now) === 'active'
  );
}

/**
 * Campaigns not yet over (draft, scheduled or active) that target a segment or test it in their
 * condition: deleting the segment would silently change who they reach.
 */
export async function campaignsUsingSegment(db: Db, segmentId: string, now: Date): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `
    SELECT id::text AS id FROM campaigns
     WHERE deleted_at IS NULL AND state <> 'cancelled' AND ends_at > $2::timestamptz
       AND (definition->'segmentIds' @> to_jsonb(ARRAY[$1::text]) OR strpos((definition->'condition')::text, $1::text) > 0)
     ORDER BY created_at`,
    [segmentId, now],
  );
  return rows.map((r) => r.id);
}
