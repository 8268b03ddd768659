import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKey,
  errorCode,
  member,
  onboard,
  program,
  type TestApp,
  type TenantSession,
  tenantWithProgram,
} from '../../testing/test-app.ts';
import { auditActions, createReward, insertCampaign, insertTier, outboxEvents, redeem } from './reward-fixtures.ts';

// The rewards catalogue over HTTP against real Postgres: CRUD, validation, tenancy, RBAC, code pools.

let t: TestApp;
let tenant: TenantSession;
let programId: string;

beforeAll(async () => {
  ({ t, tenant, programId } = await tenantWithProgram());
});
afterAll(() => t?.close());

const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, auth = tenant.auth) =>
  t.app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });

async function counts() {
  const q = async (sql: string) => (await t.ownerPool.query(sql, [tenant.tenantId])).rows[0].n as number;
  return {
    rewards: await q('SELECT count(*)::int AS n FROM rewards WHERE tenant_id = $1'),
    codes: await q('SELECT count(*)::int AS n FROM reward_codes WHERE tenant_id = $1'),
    audit: await q('SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1'),
    outbox: await q('SELECT count(*)::int AS n FROM outbox WHERE tenant_id = $1'),
  };
}

describe('reward CRUD', () => {
  it('creates, reads, updates and soft-deletes a reward, auditing and announcing each change', async () => {
    const created = await createReward(t.app, tenant.auth, programId, {
      name: 'Tote bag',
      description: 'Canvas',
      pointsCost: 250,
      stock: 10,
      perMemberLimit: 2,
    });
    expect(created).toMatchObject({
      programId,
      name: 'Tote bag',
      description: 'Canvas',
      type: 'physical',
      pointsCost: 250,
      stock: 10,
      perMemberLimit: 2,
      validFrom: null,
      validUntil: null,
      condition: null,
      tierIds: [],
      campaignId: null,
      active: true,
      details: { requiresShipping: true },
    });
    expect((await req('GET', `/v1/rewards/${created.id}`)).json()).toEqual(created);

    const patched = await req('PATCH', `/v1/rewards/${created.id}`, {
      name: 'Big tote',
      addStock: 5,
      validUntil: '2099-01-01T00:00:00Z',
      details: { requiresShipping: false, sku: 'TOTE-1' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Big tote',
      stock: 15,
      pointsCost: 250,
      description: 'Canvas',
      validUntil: '2099-01-01T00:00:00.000Z',
      details: { requiresShipping: false, sku: 'TOTE-1' },
    });
    const cleared = await req('PATCH', `/v1/rewards/${created.id}`, {
      stock: null,
      description: null,
      perMemberLimit: null,
    });
    expect(cleared.json()).toMatchObject({ stock: null, description: null, perMemberLimit: null, name: 'Big tote' });

    expect((await req('DELETE', `/v1/rewards/${created.id}`)).statusCode).toBe(204);
    expect(errorCode(await req('GET', `/v1/rewards/${created.id}`))).toBe('not_found');
    expect(errorCode(await req('PATCH', `/v1/rewards/${created.id}`, { name: 'x' }))).toBe('not_found');
    expect((await req('DELETE', `/v1/rewards/${created.id}`)).statusCode).toBe(404);

    expect(await auditActions(t.ownerPool, tenant.tenantId, created.id)).toEqual([
      'reward.created',
      'reward.updated',
      'reward.updated',
      'reward.deleted',
    ]);
    const events = (await outboxEvents(t.ownerPool, tenant.tenantId)).filter(
      (e) => (e.data.reward as { id?: string } | undefined)?.id === created.id,
    );
    expect(events.map((e) => e.type)).toEqual(['reward_created', 'reward_updated', 'reward_updated', 'reward_deleted']);
  });

  it('fills in the details of each type', async () => {
    const digital = await createReward(t.app, tenant.auth, programId, { type: 'digital' });
    expect(digital.details).toEqual({ codePool: true });
    const coupon = await createReward(t.app, tenant.auth, programId, {
      type: 'coupon',
      details: { codePrefix: 'SPRING-', discount: { kind: 'percentage', percent: 15 } },
    });
    expect(coupon.details).toEqual({
      codePrefix: 'SPRING-',
      codeLength: 10,
      discount: { kind: 'percentage', percent: 15 },
    });
    const experience = await createReward(t.app, tenant.auth, programId, {
      type: 'experience',
      details: { location: 'Paris', startsAt: '2030-01-01T18:00:00Z' },
    });
    expect(experience.details).toEqual({ location: 'Paris', startsAt: '2030-01-01T18:00:00Z' });
  });

  it('keeps tier, campaign and condition references that name the same program', async () => {
    const tier = await insertTier(t.ownerPool, tenant.tenantId, programId, 'Gold', 5000);
    const campaign = await insertCampaign(t.ownerPool, tenant.tenantId, programId, {
      state: 'published',
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 86_400_000),
    });
    const condition = {
      all: [
        { field: 'member.lifetime_earned', op: 'gte', value: 1000 },
        { field: 'member.attributes.vip', op: 'eq', value: true },
      ],
    };
    const r = await createReward(t.app, tenant.auth, programId, { tierIds: [tier], campaignId: campaign, condition });
    expect(r).toMatchObject({ tierIds: [tier], campaignId: campaign, condition });
  });

  it('lists a program in pages, filtered by active and type', async () => {
    const p = await program(t.app, tenant.auth);
    const ids: string[] = [];
    for (const [type, active] of [
      ['physical', true],
      ['coupon', true],
      ['coupon', false],
      ['digital', true],
      ['physical', false],
    ] as const) {
      ids.push((await createReward(t.app, tenant.auth, p, { type, active, name: `${type} ${active}` })).id);
    }
    const first = (await req('GET', `/v1/programs/${p}/rewards?limit=2`)).json();
    expect(first.data.map((r: { id: string }) => r.id)).toEqual(ids.slice(0, 2));
    const second = (await req('GET', `/v1/programs/${p}/rewards?limit=2&cursor=${first.nextCursor}`)).json();
    const third = (await req('GET', `/v1/programs/${p}/rewards?limit=2&cursor=${second.nextCursor}`)).json();
    expect([...second.data, ...third.data].map((r: { id: string }) => r.id)).toEqual(ids.slice(2));
    expect(third.nextCursor).toBeNull();

    const coupons = (await req('GET', `/v1/programs/${p}/rewards?type=coupon&active=true`)).json();
    expect(coupons.data.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
    const inactive = (await req('GET', `/v1/programs/${p}/rewards?active=false`)).json();
    expect(inactive.data.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[4]]);
    expect(errorCode(await req('GET', `/v1/programs/${p}/rewards?cursor=nope`))).toBe('validation_failed');
    expect(errorCode(await req('GET', `/v1/programs/${randomUUID()}/rewards`))).toBe('not_found');
  });
});

describe('validation', () => {
  it.each([
    ['a zero points cost', { pointsCost: 0 }, 'pointsCost'],
    ['a negative stock', { stock: -1 }, 'stock'],
    ['an unknown type', { type: 'crypto' }, 'type'],
    ['details of another type', { type: 'physical', details: { codePrefix: 'X' } }, 'details'],
    ['a coupon code too short', { type: 'coupon', details: { codeLength: 3 } }, 'details.codeLength'],
    ['a lower-case coupon prefix', { type: 'coupon', details: { codePrefix: 'abc' } }, 'details.codePrefix'],
    ['a date Postgres cannot store', { validFrom: '0000-01-01T00:00:00Z' }, 'validFrom'],
    [
      'a validity window ending before it starts',
      { validFrom: '2030-01-02T00:00:00Z', validUntil: '2030-01-01T00:00:00Z' },
      'validUntil',
    ],
    [
      'a transaction field in the condition',
      {
        condition: {
          all: [
            { field: 'member.balance', op: 'gte', value: 1 },
            { field: 'transaction.amount', op: 'gte', value: 1 },
          ],
        },
      },
      'condition.all.1.field',
    ],
    [
      'a NUL character in a condition value',
      { condition: { field: 'member.tier', op: 'eq', value: 'a\u0000b' } },
      'condition.value',
    ],
    [
      'a bad operator deep in the condition',
      { condition: { any: [{ not: { field: 'member.tier', op: 'gte', value: 'Gold' } }] } },
      'condition.any.0.not.op',
    ],
    ['a repeated tier', { tierIds: [randomUUID(), randomUUID()].flatMap((id) => [id, id]) }, 'tierIds'],
    ['an unknown field', { colour: 'red' }, '(root)'],
  ])('refuses %s with the path of the problem and writes nothing', async (_name, body, path) => {
    const before = await counts();
    const res = await req('POST', `/v1/programs/${programId}/rewards`, {
      name: 'R',
      type: 'physical',
      pointsCost: 10,
      ...body,
    });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    expect(res.json().error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['an unknown tier', { tierIds: [randomUUID()] }, 'tierIds.0'],
    ['an unknown campaign', { campaignId: randomUUID() }, 'campaignId'],
  ])('answers %s with 404, the path of the problem, and writes nothing', async (_name, body, path) => {
    const before = await counts();
    const res = await req('POST', `/v1/programs/${programId}/rewards`, {
      name: 'R',
      type: 'physical',
      pointsCost: 10,
      ...body,
    });
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('not_found');
    expect(res.json().error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await counts()).toEqual(before);
  });

  it('refuses tiers and campaigns of another program', async () => {
    const other = await program(t.app, tenant.auth);
    const tier = await insertTier(t.ownerPool, tenant.tenantId, other, 'Silver', 100);
    const campaign = await insertCampaign(t.ownerPool, tenant.tenantId, other, {
      state: 'published',
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 1000),
    });
    const res = await req('POST', `/v1/programs/${programId}/rewards`, {
      name: 'R',
      type: 'physical',
      pointsCost: 10,
      tierIds: [tier],
      campaignId: campaign,
    });
    expect(res.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual(['tierIds.0', 'campaignId']);
  });

  it('refuses bad patches and writes nothing', async () => {
    const r = await createReward(t.app, tenant.auth, programId, { type: 'coupon', validFrom: '2030-01-01T00:00:00Z' });
    const big = await createReward(t.app, tenant.auth, programId, { stock: 999_999_999 });
    const before = await counts();
    const patch = (body: unknown) => req('PATCH', `/v1/rewards/${r.id}`, body);
    expect(errorCode(await patch({ type: 'physical' }))).toBe('validation_failed');
    expect(errorCode(await patch({ stock: 5, addStock: 1 }))).toBe('validation_failed');
    // Before the stored validFrom: the patch conflicts with the reward; both in the patch: bad input.
    expect(errorCode(await patch({ validUntil: '2029-12-31T00:00:00Z' }))).toBe('conflict');
    expect(errorCode(await patch({ validFrom: '2030-01-01T00:00:00Z', validUntil: '2029-12-31T00:00:00Z' }))).toBe(
      'validation_failed',
    );
    // Well-formed details of another type: this reward's type is fixed.
    const otherType = await patch({ details: { requiresShipping: false } });
    expect(otherType.statusCode).toBe(409);
    expect(otherType.json().error.details).toMatchObject({ field: 'details', type: 'coupon' });
    const details = await patch({ details: { codePrefix: 'OK', requiresShipping: true } });
    expect(errorCode(details)).toBe('validation_failed');
    expect(details.json().error.details.issues[0].path).toBe('details');
    const length = await patch({ details: { codeLength: 99 } });
    expect(length.json().error.details.issues[0].path).toBe('details.codeLength');
    const overflow = await req('PATCH', `/v1/rewards/${big.id}`, { addStock: 2 });
    expect(errorCode(overflow)).toBe('conflict');
    expect(overflow.json().error.details).toMatchObject({ field: 'addStock' });
    const unlimited = await patch({ addStock: 3 });
    expect(unlimited.statusCode).toBe(409);
    expect(errorCode(unlimited)).toBe('conflict');
    expect(await counts()).toEqual(before);
  });
});

describe('tenancy and permissions', () => {
  it("answers 404 for another tenant's rewards and programs", async () => {
    const r = await createReward(t.app, tenant.auth, programId);
    const other = await onboard(t.app);
    const as = other.auth;
    expect((await req('GET', `/v1/rewards/${r.id}`, undefined, as)).statusCode).toBe(404);
    expect((await req('PATCH', `/v1/rewards/${r.id}`, { name: 'mine' }, as)).statusCode).toBe(404);
    expect((await req('DELETE', `/v1/rewards/${r.id}`, undefined, as)).statusCode).toBe(404);
    expect((await req('GET', `/v1/programs/${programId}/rewards`, undefined, as)).statusCode).toBe(404);
    expect(
      (await req('POST', `/v1/programs/${programId}/rewards`, { name: 'R', type: 'physical', pointsCost: 1 }, as))
        .statusCode,
    ).toBe(404);
    expect((await req('GET', `/v1/rewards/${r.id}/codes/summary`, undefined, as)).statusCode).toBe(404);
    expect((await req('GET', `/v1/rewards/${r.id}/redemptions`, undefined, as)).statusCode).toBe(404);
    const theirs = await member(t.app, as, await program(t.app, as));
    const res = await redeem(t.app, as, theirs, r.id);
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('reward_not_found');
    expect((await req('GET', `/v1/rewards/${r.id}`)).json().name).toBe('Free coffee');
  });

  it('needs rewards:read to read, rewards:write to change, rewards:redeem to redeem, rewards:fulfil to fulfil', async () => {
    const r = await createReward(t.app, tenant.auth, programId);
    const m = await member(t.app, tenant.auth, programId);
    const reader = await apiKey(t.app, tenant, ['rewards:read']);
    const nobody = await apiKey(t.app, tenant, ['members:read']);
    const forbidden = async (res: Promise<{ statusCode: number; json: () => { error: { code: string } } }>) => {
      const out = await res;
      expect(out.statusCode).toBe(403);
      expect(out.json().error.code).toBe('forbidden');
    };
    await forbidden(req('GET', `/v1/rewards/${r.id}`, undefined, nobody.auth));
    await forbidden(req('GET', `/v1/programs/${programId}/rewards`, undefined, nobody.auth));
    await forbidden(req('GET', `/v1/members/${m}/rewards`, undefined, nobody.auth));
    await forbidden(
      req('POST', `/v1/programs/${programId}/rewards`, { name: 'R', type: 'physical', pointsCost: 1 }, reader.auth),
    );
    await forbidden(req('PATCH', `/v1/rewards/${r.id}`, { name: 'x' }, reader.auth));
    await forbidden(req('DELETE', `/v1/rewards/${r.id}`, undefined, reader.auth));
    await forbidden(req('POST', `/v1/rewards/${r.id}/codes`, { codes: ['A'] }, reader.auth));
    await forbidden(req('POST', `/v1/members/${m}/redemptions`, { rewardId: r.id }, reader.auth));
    await forbidden(req('POST', `/v1/redemptions/${randomUUID()}/fulfil`, undefined, reader.auth));
    await forbidden(req('POST', `/v1/redemptions/${randomUUID()}/cancel`, { reason: 'x' }, reader.auth));
    expect((await req('GET', `/v1/rewards/${r.id}`, undefined, reader.auth)).statusCode).toBe(200);
  });
});

describe('code pools', () => {
  it('imports codes, reports duplicates within the call and already pooled, and summarizes the pool', async () => {
    const r = await createReward(t.app, tenant.auth, programId, { type: 'digital' });
    const first = await req('POST', `/v1/rewards/${r.id}/codes`, { codes: ['A-1', 'A-2', 'A-3', 'A-2', 'A-4'] });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ imported: 4, duplicates: 1, duplicateCodes: ['A-2'] });
    const second = await req('POST', `/v1/rewards/${r.id}/codes`, { codes: ['A-4', 'A-5', 'A-1'] });
    expect(second.json()).toEqual({ imported: 1, duplicates: 2, duplicateCodes: ['A-4', 'A-1'] });
    expect((await req('GET', `/v1/rewards/${r.id}/codes/summary`)).json()).toEqual({
      total: 5,
      available: 5,
      assigned: 0,
    });
    expect(await auditActions(t.ownerPool, tenant.tenantId, r.id)).toEqual([
      'reward.created',
      'reward.codes_imported',
      'reward.codes_imported',
    ]);
  });

  it('takes 10,000 codes in one call and refuses more', async () => {
    const r = await createReward(t.app, tenant.auth, programId, { type: 'digital' });
    const codes = Array.from({ length: 10_000 }, (_, i) => `BULK-${i.toString().padStart(6, '0')}-${'X'.repeat(24)}`);
    const res = await req('POST', `/v1/rewards/${r.id}/codes`, { codes });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ imported: 10_000, duplicates: 0 });
    const tooMany = await req('POST', `/v1/rewards/${r.id}/codes`, { codes: [...codes, 'ONE-MORE'] });
    expect(errorCode(tooMany)).toBe('validation_failed');
    expect((await req('GET', `/v1/rewards/${r.id}/codes/summary`)).json()).toEqual({
      total: 10_000,
      available: 10_000,
      assigned: 0,
    });
  });

  it('refuses codes for rewards without a pool, and bad codes', async () => {
    const physical = await createReward(t.app, tenant.auth, programId);
    const manual = await createReward(t.app, tenant.auth, programId, { type: 'digital', details: { codePool: false } });
    const before = await counts();
    expect(errorCode(await req('POST', `/v1/rewards/${physical.id}/codes`, { codes: ['A'] }))).toBe('conflict');
    expect(errorCode(await req('POST', `/v1/rewards/${manual.id}/codes`, { codes: ['A'] }))).toBe('conflict');
    expect(errorCode(await req('POST', `/v1/rewards/${randomUUID()}/codes`, { codes: ['A'] }))).toBe('not_found');
    expect(errorCode(await req('POST', `/v1/rewards/${physical.id}/codes`, { codes: [] }))).toBe('validation_failed');
    expect(errorCode(await req('POST', `/v1/rewards/${physical.id}/codes`, { codes: ['has space'] }))).toBe(
      'validation_failed',
    );
    expect(await counts()).toEqual(before);
  });
});

describe('contract', () => {
  it('documents the reward and redemption operations in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/programs/{programId}/rewards',
        '/v1/rewards/{rewardId}',
        '/v1/rewards/{rewardId}/codes',
        '/v1/rewards/{rewardId}/codes/summary',
        '/v1/members/{memberId}/redemptions',
        '/v1/members/{memberId}/rewards',
        '/v1/rewards/{rewardId}/redemptions',
        '/v1/redemptions/{redemptionId}',
        '/v1/redemptions/{redemptionId}/fulfil',
        '/v1/redemptions/{redemptionId}/cancel',
      ]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Reward', 'Redemption', 'RedemptionResult', 'MemberReward', 'RewardCodesSummary']),
    );
    expect(
      doc.paths['/v1/programs/{programId}/rewards'].post.requestBody.content['application/json'].schema.oneOf,
    ).toHaveLength(4);
  });
});
