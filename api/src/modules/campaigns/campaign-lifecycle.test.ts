import { describe, expect, it } from 'vitest';
import { eventEnvelopeSchema } from '@loyalty/shared';
import { lifecycleEventId } from './campaign-lifecycle.ts';

describe('lifecycleEventId', () => {
  const campaignId = '0b6f6c3e-5d0a-4d3e-9a57-3c1f2b8e9d10';

  it('is the same for the same campaign and type, however often it is derived (a retry writes nothing new)', () => {
    expect(lifecycleEventId(campaignId, 'campaign_started')).toBe(lifecycleEventId(campaignId, 'campaign_started'));
  });

  it('differs between the start and the end, and between campaigns', () => {
    const ids = new Set([
      lifecycleEventId(campaignId, 'campaign_started'),
      lifecycleEventId(campaignId, 'campaign_ended'),
      lifecycleEventId('5f0e2a51-7c55-4b7e-8a43-1b7c2c4a9e01', 'campaign_started'),
    ]);
    expect(ids.size).toBe(3);
  });

  it('is a UUID the event envelope accepts', () => {
    const id = lifecycleEventId(campaignId, 'campaign_ended');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const envelope = {
      id,
      type: 'campaign_ended',
      tenantId: campaignId,
      programId: campaignId,
      occurredAt: '2030-10-27T11:00:00.000Z',
      data: {},
    };
    expect(eventEnvelopeSchema.safeParse(envelope).success).toBe(true);
  });
});
