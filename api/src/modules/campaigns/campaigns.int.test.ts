import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKey,
  errorCode,
  onboard,
  program,
  tenantWithProgram,
  type TestApp,
  type TenantSession,
} from '../../testing/test-app.ts';

let t: TestApp;
let tenant: TenantSession;
let auth: Record<string, string>;
let programId: string;

beforeAll(async () => {
  ({ t, tenant, auth, programId } = await tenantWithProgram([
    'campaigns:read',
    'campaigns:write',
    'segments:read',
    'segments:write',
    'members:write',
  ])); // the program is in Europe/Paris
});
afterAll(() => t?.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const req = (method: Method, url: string, payload?: object, headers = auth) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const base = { name: 'Double points', bonus: { type: 'multiplier', multiplier: 2 } };

async function campaign(body: object, pid = programId) {
  const res = await req('POST', `/v1/programs/${pid}/campaigns`, {
    ...base,
    startsAt: '2030-12-01',
    endsAt: '2030-12-24',
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(`campaign creation failed: ${res.statusCode} ${res.body}`);
  return res.json();
}
const publish = async (id: string) => (await req('POST', `/v1/campaigns/${id}/publish`)).json();
/** Moves a campaign's dates by hand, to reach states the API refuses to create (ended). */
const setDates = (id: string, startsAt: string, endsAt: string) =>
  t.ownerPool.query('UPDATE campaigns SET starts_at = $2, ends_at = $3 WHERE id = $1', [id, startsAt, endsAt]);
function expectConflict(res: Awaited<ReturnType<typeof req>>, reason: string) {
  expect(res.statusCode, res.body).toBe(409);
  expect(errorCode(res)).toBe('conflict');
  expect(res.json().error.details.reason).toBe(reason);
}

describe('campaign CRUD', () => {
  it('creates a draft, reads, lists, edits and deletes it, with audit entries and events', async () => {
    const created = await req('POST', `/v1/programs/${programId}/campaigns`, {
      ...base,
      description: 'Winter sale',
      startsAt: '2030-12-01T00:00',
      endsAt: '2030-12-24T00:00',
      condition: { field: 'transaction.amount', op: 'gte', value: 1000 },
      maxParticipationsPerMember: 3,
      budgetPoints: 50_000,
    });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({
      programId,
      status: 'draft',
      description: 'Winter sale',
      startsAt: '2030-11-30T23:00:00.000Z',
      endsAt: '2030-12-23T23:00:00.000Z',
      local: { timeZone: 'Europe/Paris', startsAt: '2030-12-01T00:00:00', endsAt: '2030-12-24T00:00:00' },
      segmentIds: [],
      maxParticipationsPerMember: 3,
      budgetPoints: 50_000,
      bonusAwarded: 0,
      budgetRemaining: 50_000,
      participants: 0,
    });
    expect((await req('GET', `/v1/campaigns/${c.id}`)).json()).toEqual(c);
    expect(
      (await req('GET', `/v1/programs/${programId}/campaigns?status=draft`))
        .json()
        .data.map((x: { id: string }) => x.id),
    ).toContain(c.id);

    const patched = await req('PATCH', `/v1/campaigns/${c.id}`, {
      name: 'Triple points',
      bonus: { type: 'multiplier', multiplier: 3 },
      condition: null,
      budgetPoints: null,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Triple points',
      bonus: { multiplier: 3 },
      condition: null,
      budgetPoints: null,
      budgetRemaining: null,
    });
    // Sending back what is already there changes nothing and records nothing.
    expect(
      (await req('PATCH', `/v1/campaigns/${c.id}`, { name: 'Triple points', startsAt: '2030-12-01' })).statusCode,
    ).toBe(200);

    expect((await req('DELETE', `/v1/campaigns/${c.id}`)).statusCode).toBe(204);
    expect((await req('GET', `/v1/campaigns/${c.id}`)).statusCode).toBe(404);
    const audit = await t.ownerPool.query(
      "SELECT action FROM audit_log WHERE entity_type = 'campaign' AND entity_id = $1 ORDER BY id",
      [c.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['campaign.created', 'campaign.updated', 'campaign.deleted']);
    const events = await t.ownerPool.query(
      "SELECT type FROM outbox WHERE tenant_id = $1 AND payload->'data'->'campaign'->>'id' = $2 ORDER BY id",
      [tenant.tenantId, c.id],
    );
    expect(events.rows.map((r) => r.type)).toEqual(['campaign_created', 'campaign_updated', 'campaign_deleted']);
  });

  it('pages the program list with a cursor', async () => {
    const pid = await program(t.app, tenant.auth);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await campaign({ name: `C${i}` }, pid)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; nextCursor: string | null } = (
        await req('GET', `/v1/programs/${pid}/campaigns?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.data.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
  });

  it.each([
    ['a multiplier of 1', { bonus: { type: 'multiplier', multiplier: 1 } }, 'bonus.multiplier'],
    ['a multiplier above 10', { bonus: { type: 'multiplier', multiplier: 10.01 } }, 'bonus.multiplier'],
    ['a multiplier with 3 decimals', { bonus: { type: 'multiplier', multiplier: 1.255 } }, 'bonus.multiplier'],
    ['a fixed bonus of 0', { bonus: { type: 'fixed', points: 0 } }, 'bonus.points'],
    ['a fractional fixed bonus', { bonus: { type: 'fixed', points: 1.5 } }, 'bonus.points'],
    ['an unknown bonus type', { bonus: { type: 'cashback', points: 5 } }, 'bonus.type'],
    ['a date in another format', { startsAt: '01/12/2030' }, 'startsAt'],
    ['an impossible date', { endsAt: '2030-02-30' }, 'endsAt'],
    ['repeated segment ids', { segmentIds: [randomUUID(), randomUUID()].flatMap((id) => [id, id]) }, 'segmentIds'],
    ['zero participations', { maxParticipationsPerMember: 0 }, 'maxParticipationsPerMember'],
    [
      'a bad condition',
      { condition: { all: [{ field: 'member.tier', op: 'gt', value: 'gold' }] } },
      'condition.all.0.op',
    ],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_name, body, path) => {
    const before = (await t.ownerPool.query('SELECT count(*)::int AS n FROM campaigns')).rows[0].n;
    const res = await req('POST', `/v1/programs/${programId}/campaigns`, {
      ...base,
      startsAt: '2030-12-01',
      endsAt: '2030-12-24',
      ...body,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect((await t.ownerPool.query('SELECT count(*)::int AS n FROM campaigns')).rows[0].n).toBe(before);
  });

  it.each([
    ['ends before it starts', { startsAt: '2030-12-24', endsAt: '2030-12-01' }, 'endsAt'],
    ['has already ended', { startsAt: iso(-2 * DAY), endsAt: iso(-DAY) }, 'endsAt'],
  ])('refuses a campaign that %s', async (_name, body, field) => {
    const res = await req('POST', `/v1/programs/${programId}/campaigns`, { ...base, ...body });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toMatchObject({ field });
  });
});

describe("dates in the program's time zone", () => {
  it('reads local dates across a daylight saving change and takes the earlier of an ambiguous time', async () => {
    // Paris springs forward on 31 March 2030: that day has 23 hours.
    const spring = await campaign({ startsAt: '2030-03-31', endsAt: '2030-04-01' });
    expect(spring).toMatchObject({ startsAt: '2030-03-30T23:00:00.000Z', endsAt: '2030-03-31T22:00:00.000Z' });
    // And falls back on 27 October 2030: 02:30 happens twice, the first time at +02:00.
    const autumn = await campaign({ startsAt: '2030-10-27T02:30', endsAt: '2030-10-27T12:00:00' });
    expect(autumn).toMatchObject({ startsAt: '2030-10-27T00:30:00.000Z', local: { startsAt: '2030-10-27T02:30:00' } });
    // An instant with an offset is taken as is.
    expect(await campaign({ startsAt: '2030-12-01T00:00:00-05:00', endsAt: '2030-12-02T00:00:00Z' })).toMatchObject({
      startsAt: '2030-12-01T05:00:00.000Z',
    });
  });

  it('refuses a local time skipped by the clocks, naming the field', async () => {
    const res = await req('POST', `/v1/programs/${programId}/campaigns`, {
      ...base,
      startsAt: '2030-03-31T02:30',
      endsAt: '2030-04-30',
    });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    expect(res.json().error).toMatchObject({ details: { field: 'startsAt' } });
    expect(res.json().error.message).toMatch(/does not exist in Europe\/Paris/);
    const c = await campaign({});
    expect((await req('PATCH', `/v1/campaigns/${c.id}`, { endsAt: '2031-03-30T02:00' })).statusCode).toBe(400);
  });

  it('follows the program time zone', async () => {
    const res = await req(
      'POST',
      '/v1/programs',
      { name: 'NYC', currency: 'USD', timezone: 'America/New_York' },
      tenant.auth,
    );
    expect(await campaign({ startsAt: '2030-07-04', endsAt: '2030-07-05T00:00' }, res.json().id)).toMatchObject({
      startsAt: '2030-07-04T04:00:00.000Z',
      endsAt: '2030-07-05T04:00:00.000Z',
      local: { timeZone: 'America/New_York' },
    });
  });
});

describe('status, publishing and editing rules', () => {
  it('derives the status and filters the list by it', async () => {
    const pid = await program(t.app, tenant.auth);
    const draft = await campaign({}, pid);
    const scheduled = await campaign({}, pid);
    const active = await campaign({ startsAt: iso(-HOUR), endsAt: iso(DAY) }, pid);
    const cancelled = await campaign({ startsAt: iso(-HOUR), endsAt: iso(DAY) }, pid);
    const ended = await campaign({}, pid);
    expect((await publish(scheduled.id)).status).toBe('scheduled');
    expect((await publish(active.id)).status).toBe('active');
    await publish(cancelled.id);
    expect((await req('POST', `/v1/campaigns/${cancelled.id}/cancel`)).json().status).toBe('cancelled');
    await publish(ended.id);
    await setDates(ended.id, iso(-2 * DAY), iso(-DAY));
    expect((await req('GET', `/v1/campaigns/${ended.id}`)).json().status).toBe('ended');

    const expected = {
      draft: draft.id,
      scheduled: scheduled.id,
      active: active.id,
      cancelled: cancelled.id,
      ended: ended.id,
    };
    for (const [status, id] of Object.entries(expected)) {
      const listed = (await req('GET', `/v1/programs/${pid}/campaigns?status=${status}`)).json().data;
      expect(
        listed.map((c: { id: string }) => c.id),
        status,
      ).toEqual([id]);
      expect(listed[0].status).toBe(status);
    }
    expect((await req('GET', `/v1/programs/${pid}/campaigns?status=live`)).statusCode).toBe(400);
    const events = await t.ownerPool.query(
      "SELECT payload->'data'->>'change' AS change FROM outbox WHERE type = 'campaign_updated' AND payload->'data'->'campaign'->>'id' = $1 ORDER BY id",
      [cancelled.id],
    );
    expect(events.rows.map((r) => r.change)).toEqual(['published', 'cancelled']);
  });

  it('refuses publishing, cancelling and deleting out of turn', async () => {
    const draft = await campaign({});
    expectConflict(await req('POST', `/v1/campaigns/${draft.id}/cancel`), 'not_published');
    await publish(draft.id);
    expectConflict(await req('POST', `/v1/campaigns/${draft.id}/publish`), 'already_published');
    const active = await campaign({ startsAt: iso(-HOUR), endsAt: iso(DAY) });
    await publish(active.id);
    expectConflict(await req('DELETE', `/v1/campaigns/${active.id}`), 'campaign_active');
    const stale = await campaign({});
    await setDates(stale.id, iso(-2 * DAY), iso(-DAY));
    expectConflict(await req('POST', `/v1/campaigns/${stale.id}/publish`), 'ends_at_passed');
  });

  it('locks what an active campaign promised, and keeps ended and cancelled campaigns read-only', async () => {
    const active = await campaign({ startsAt: iso(-HOUR), endsAt: iso(DAY), budgetPoints: 1000 });
    await publish(active.id);
    expectConflict(
      await req('PATCH', `/v1/campaigns/${active.id}`, { bonus: { type: 'fixed', points: 5 } }),
      'bonus_locked_while_active',
    );
    expectConflict(await req('PATCH', `/v1/campaigns/${active.id}`, { startsAt: iso(HOUR) }), 'starts_at_passed');
    const extended = await req('PATCH', `/v1/campaigns/${active.id}`, {
      endsAt: iso(7 * DAY),
      name: 'Extended',
      budgetPoints: 2000,
      segmentIds: [],
    });
    expect(extended.statusCode).toBe(200);
    expect(extended.json()).toMatchObject({ name: 'Extended', status: 'active', budgetPoints: 2000 });
    expect((await req('PATCH', `/v1/campaigns/${active.id}`, { endsAt: iso(-60_000) })).statusCode).toBe(400);

    const unlimited = await campaign({ startsAt: iso(-HOUR), endsAt: iso(DAY) });
    await publish(unlimited.id);
    expectConflict(
      await req('PATCH', `/v1/campaigns/${unlimited.id}`, { budgetPoints: 100 }),
      'budget_added_while_active',
    );

    const scheduled = await campaign({});
    await publish(scheduled.id);
    expect(
      (
        await req('PATCH', `/v1/campaigns/${scheduled.id}`, {
          startsAt: '2030-11-15',
          bonus: { type: 'fixed', points: 10 },
        })
      ).statusCode,
    ).toBe(200);
    // A draft may start in the past; a published campaign may not: a conflict with its state.
    expectConflict(await req('PATCH', `/v1/campaigns/${scheduled.id}`, { startsAt: iso(-HOUR) }), 'start_in_past');

    await req('POST', `/v1/campaigns/${scheduled.id}/cancel`);
    expectConflict(await req('PATCH', `/v1/campaigns/${scheduled.id}`, { name: 'again' }), 'campaign_read_only');
    expectConflict(await req('POST', `/v1/campaigns/${scheduled.id}/cancel`), 'campaign_read_only');
    await setDates(active.id, iso(-2 * DAY), iso(-DAY));
    expectConflict(await req('PATCH', `/v1/campaigns/${active.id}`, { description: 'too late' }), 'campaign_read_only');
    // Over campaigns can be tidied away.
    expect((await req('DELETE', `/v1/campaigns/${active.id}`)).statusCode).toBe(204);
  });
});

describe('targeting', () => {
  const segment = async (pid: string, headers = auth) =>
    (await req('POST', `/v1/programs/${pid}/segments`, { name: 'S', kind: 'static' }, headers)).json().id as string;

  it('accepts segments of the program and refuses those of another program or tenant', async () => {
    const mine = await segment(programId);
    expect((await campaign({ segmentIds: [mine] })).segmentIds).toEqual([mine]);
    const otherProgram = await segment(await program(t.app, tenant.auth));
    const other = await onboard(t.app);
    const otherTenant = await segment(await program(t.app, other.auth), other.auth);
    for (const [body, field] of [
      [{ segmentIds: [mine, otherProgram] }, 'segmentIds'],
      [{ segmentIds: [otherTenant] }, 'segmentIds'],
      [{ segmentIds: [randomUUID()] }, 'segmentIds'],
      [{ condition: { field: 'member.segments', op: 'contains', value: otherProgram } }, 'condition'],
    ] as const) {
      const res = await req('POST', `/v1/programs/${programId}/campaigns`, {
        ...base,
        startsAt: '2030-12-01',
        endsAt: '2030-12-24',
        ...body,
      });
      // Well-formed ids that name no segment of the program: not found.
      expect(res.statusCode).toBe(404);
      expect(res.json().error.details).toMatchObject({ field });
    }
    const c = await campaign({});
    expect((await req('PATCH', `/v1/campaigns/${c.id}`, { segmentIds: [otherProgram] })).statusCode).toBe(404);
  });
});

describe('contract', () => {
  it('documents campaigns and segments in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/programs/{programId}/campaigns',
        '/v1/campaigns/{campaignId}',
        '/v1/campaigns/{campaignId}/publish',
        '/v1/campaigns/{campaignId}/cancel',
        '/v1/campaigns/{campaignId}/participations',
        '/v1/campaigns/{campaignId}/stats',
        '/v1/programs/{programId}/segments',
        '/v1/segments/{segmentId}',
        '/v1/segments/{segmentId}/members',
        '/v1/segments/{segmentId}/members/remove',
        '/v1/segments/{segmentId}/excludes',
        '/v1/segments/{segmentId}/excludes/remove',
        '/v1/members/{memberId}/segments',
      ]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Campaign',
        'CampaignBonus',
        'CampaignStats',
        'Segment',
        'SegmentMember',
        'SegmentMembersAdded',
      ]),
    );
  });
});

describe('tenancy and permissions', () => {
  it("answers 404 for another tenant's campaigns and programs", async () => {
    const c = await campaign({});
    const other = await onboard(t.app);
    for (const [method, url, body] of [
      ['GET', `/v1/campaigns/${c.id}`],
      ['PATCH', `/v1/campaigns/${c.id}`, { name: 'mine' }],
      ['DELETE', `/v1/campaigns/${c.id}`],
      ['POST', `/v1/campaigns/${c.id}/publish`],
      ['POST', `/v1/campaigns/${c.id}/cancel`],
      ['GET', `/v1/campaigns/${c.id}/stats`],
      ['GET', `/v1/campaigns/${c.id}/participations`],
      ['GET', `/v1/programs/${programId}/campaigns`],
      ['POST', `/v1/programs/${programId}/campaigns`, { ...base, startsAt: '2030-12-01', endsAt: '2030-12-24' }],
    ] as [Method, string, object?][]) {
      expect((await req(method, url, body, other.auth)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await req('GET', `/v1/campaigns/${c.id}`)).json().status).toBe('draft');
  });

  it('needs campaigns:write to change and campaigns:read to look', async () => {
    const c = await campaign({});
    const reader = (await apiKey(t.app, tenant, ['campaigns:read'])).auth;
    const stranger = (await apiKey(t.app, tenant, ['segments:read'])).auth;
    expect((await req('GET', `/v1/campaigns/${c.id}/stats`, undefined, reader)).statusCode).toBe(200);
    for (const [method, url] of [
      ['PATCH', `/v1/campaigns/${c.id}`],
      ['POST', `/v1/campaigns/${c.id}/publish`],
      ['DELETE', `/v1/campaigns/${c.id}`],
    ] as [Method, string][]) {
      expect((await req(method, url, method === 'PATCH' ? { name: 'x' } : undefined, reader)).statusCode).toBe(403);
    }
    expect((await req('GET', `/v1/campaigns/${c.id}`, undefined, stranger)).statusCode).toBe(403);
  });
});
