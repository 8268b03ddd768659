import { campaignStatus, type CampaignState } from '@loyalty/shared';
import type { Db } from '../../db/pool.ts';

/** Whether a campaign is live at `now` (published, not deleted, inside its dates); false when unknown. */
export async function campaignIsActive(db: Db, campaignId: string, now: Date): Promise<boolean> {
  const { rows } = await db.query<{ state: CampaignState; starts_at: Date; ends_at: Date }>(
    'SELECT state, starts_at, ends_at FROM campaigns WHERE id = $1 AND deleted_at IS NULL', [campaignId],
  );
  const c = rows[0];
  return c !== undefined && campaignStatus({ state: c.state, startsAt: c.starts_at, endsAt: c.ends_at }, now) === 'active';
}
