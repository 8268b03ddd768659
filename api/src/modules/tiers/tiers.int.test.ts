import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKey,
  createTestApp,
  errorCode,
  member,
  onboard,
  program,
  type TestApp,
  type TenantSession,
} from '../../testing/test-app.ts';

// Tier configuration through HTTP against real Postgres: CRUD, validation, tenancy, RBAC.

let t: TestApp;
let tenant: TenantSession;
let other: TenantSession;

beforeAll(async () => {
  t = await createTestApp();
  [tenant, other] = [await onboard(t.app), await onboard(t.app)];
});
afterAll(() => t?.close());

type Auth = Record<string, string>;
const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, auth: Auth = tenant.auth, payload?: object) =>
  t.app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload }) });
const createTier = (programId: string, payload: object, auth: Auth = tenant.auth) =>
  req('POST', `/v1/programs/${programId}/tiers`, auth, payload);
const liveTiers = async (programId: string) =>
  Number(
    (
      await t.ownerPool.query('SELECT count(*) AS n FROM tiers WHERE program_id = $1 AND deleted_at IS NULL', [
        programId,
      ])
    ).rows[0].n,
  );

describe('tier CRUD', () => {
  it('creates tiers, lists them by threshold, reads one, with audit entries and events', async () => {
    const p = await program(t.app, tenant.auth);
    const gold = await createTier(p, {
      name: 'Gold',
      threshold: 2000,
      benefits: { multiplier: 2, description: 'Our best', perks: ['lounge', 'free shipping'] },
    });
    expect(gold.statusCode).toBe(201);
    expect(gold.json()).toMatchObject({
      programId: p,
      name: 'Gold',
      threshold: 2000,
      benefits: { multiplier: 2, description: 'Our best', perks: ['lounge', 'free shipping'] },
    });
    const base = await createTier(p, { name: 'Member', threshold: 0 });
    expect(base.json().benefits).toEqual({ multiplier: 1 });
    await createTier(p, { name: 'Silver', threshold: 500, benefits: { multiplier: 1.25 } });

    const list = await req('GET', `/v1/programs/${p}/tiers`);
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((x: { name: string }) => x.name)).toEqual(['Member', 'Silver', 'Gold']);
    expect((await req('GET', `/v1/tiers/${gold.json().id}`)).json()).toEqual(gold.json());

    const audit = await t.ownerPool.query(
      "SELECT action, after FROM audit_log WHERE entity_type = 'tier' AND entity_id = $1",
      [gold.json().id],
    );
    expect(audit.rows).toEqual([{ action: 'tier.created', after: gold.json() }]);
    const events = await t.ownerPool.query(
      "SELECT payload FROM outbox WHERE type = 'tier_created' AND payload->>'programId' = $1",
      [p],
    );
    expect(events.rows).toHaveLength(3);
    expect(events.rows.map((r) => r.payload.data.tier.name).sort()).toEqual(['Gold', 'Member', 'Silver']);
  });

  it('refuses a taken threshold or name (ignoring case) with 409 and writes nothing', async () => {
    const p = await program(t.app, tenant.auth);
    const silver = (await createTier(p, { name: 'Silver', threshold: 500 })).json();
    const sameThreshold = await createTier(p, { name: 'Argent', threshold: 500 });
    expect(sameThreshold.statusCode).toBe(409);
    expect(errorCode(sameThreshold)).toBe('conflict');
    expect(sameThreshold.json().error.details).toEqual({ field: 'threshold', tierId: silver.id });
    const sameName = await createTier(p, { name: '  sILVER ', threshold: 900 });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().error.details).toEqual({ field: 'name', tierId: silver.id });
    expect(await liveTiers(p)).toBe(1);
  });

  it('validates the body with 400: multiplier range and decimals, threshold, names, unknown fields', async () => {
    const p = await program(t.app, tenant.auth);
    const bad = [
      { name: 'A', threshold: 10, benefits: { multiplier: 0.5 } },
      { name: 'A', threshold: 10, benefits: { multiplier: 10.01 } },
      { name: 'A', threshold: 10, benefits: { multiplier: 1.234 } },
      { name: 'A', threshold: 10, benefits: { multiplier: '2' } },
      { name: 'A', threshold: -1 },
      { name: 'A', threshold: 1.5 },
      { name: '', threshold: 10 },
      { name: 'x'.repeat(101), threshold: 10 },
      { name: 'A' },
      { name: 'A', threshold: 10, colour: 'gold' },
      { name: 'A', threshold: 10, benefits: { multiplier: 2, discount: 5 } },
      { name: 'A', threshold: 10, benefits: { perks: Array.from({ length: 21 }, (_, i) => `perk ${i}`) } },
    ];
    for (const body of bad) {
      const res = await createTier(p, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorCode(res)).toBe('validation_failed');
    }
    expect((await createTier(p, { name: 'A', threshold: 10, benefits: { multiplier: 9.99 } })).statusCode).toBe(201);
    expect(await liveTiers(p)).toBe(1);
  });

  it('updates names, thresholds and benefits (merged), refusing collisions', async () => {
    const p = await program(t.app, tenant.auth);
    const silver = (
      await createTier(p, {
        name: 'Silver',
        threshold: 500,
        benefits: { multiplier: 1.5, description: 'Nice', perks: ['coffee'] },
      })
    ).json();
    await createTier(p, { name: 'Gold', threshold: 2000 });
    const renamed = await req('PATCH', `/v1/tiers/${silver.id}`, tenant.auth, {
      name: 'SILVER',
      benefits: { description: null, multiplier: 1.75 },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: 'SILVER',
      threshold: 500,
      benefits: { multiplier: 1.75, perks: ['coffee'] },
    });
    expect(renamed.json().benefits.description).toBeUndefined();
    expect(errorCode(await req('PATCH', `/v1/tiers/${silver.id}`, tenant.auth, { threshold: 2000 }))).toBe('conflict');
    expect(errorCode(await req('PATCH', `/v1/tiers/${silver.id}`, tenant.auth, { name: 'gold' }))).toBe('conflict');
    expect(errorCode(await req('PATCH', `/v1/tiers/${silver.id}`, tenant.auth, { benefits: { multiplier: 11 } }))).toBe(
      'validation_failed',
    );
    expect((await req('GET', `/v1/tiers/${silver.id}`)).json()).toEqual(renamed.json());
    const audit = await t.ownerPool.query(
      "SELECT before, after FROM audit_log WHERE action = 'tier.updated' AND entity_id = $1",
      [silver.id],
    );
    expect(audit.rows).toEqual([{ before: silver, after: renamed.json() }]);
  });

  it('soft-deletes a tier: gone from reads, its name and threshold free again, an event written', async () => {
    const p = await program(t.app, tenant.auth);
    const silver = (await createTier(p, { name: 'Silver', threshold: 500 })).json();
    const del = await req('DELETE', `/v1/tiers/${silver.id}`);
    expect(del.statusCode).toBe(204);
    expect((await req('GET', `/v1/tiers/${silver.id}`)).statusCode).toBe(404);
    expect((await req('DELETE', `/v1/tiers/${silver.id}`)).statusCode).toBe(404);
    expect((await req('PATCH', `/v1/tiers/${silver.id}`, tenant.auth, { name: 'X' })).statusCode).toBe(404);
    expect((await req('GET', `/v1/programs/${p}/tiers`)).json().data).toEqual([]);
    expect((await createTier(p, { name: 'silver', threshold: 500 })).statusCode).toBe(201);
    const row = await t.ownerPool.query('SELECT deleted_at FROM tiers WHERE id = $1', [silver.id]);
    expect(row.rows[0].deleted_at).not.toBeNull();
    const events = await t.ownerPool.query(
      "SELECT payload FROM outbox WHERE type = 'tier_deleted' AND payload->'data'->'tier'->>'id' = $1",
      [silver.id],
    );
    expect(events.rows).toHaveLength(1);
  });

  it('allows at most 20 live tiers per program', async () => {
    const p = await program(t.app, tenant.auth);
    for (let i = 0; i < 20; i++)
      expect((await createTier(p, { name: `T${i}`, threshold: i * 100 })).statusCode).toBe(201);
    const res = await createTier(p, { name: 'T20', threshold: 5000 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details).toEqual({ limit: 20 });
    const first = (await req('GET', `/v1/programs/${p}/tiers`)).json().data[0];
    await req('DELETE', `/v1/tiers/${first.id}`);
    expect((await createTier(p, { name: 'T20', threshold: 5000 })).statusCode).toBe(201);
  });

  it('answers 404 for unknown programs and tiers', async () => {
    expect(errorCode(await createTier(randomUUID(), { name: 'A', threshold: 1 }))).toBe('not_found');
    expect((await req('GET', `/v1/programs/${randomUUID()}/tiers`)).statusCode).toBe(404);
    expect((await req('GET', `/v1/tiers/${randomUUID()}`)).statusCode).toBe(404);
    expect((await req('GET', '/v1/tiers/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('contract', () => {
  it('documents the tier routes and schemas in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    const doc = res.json();
    for (const path of [
      '/v1/programs/{programId}/tiers',
      '/v1/tiers/{tierId}',
      '/v1/programs/{programId}/tiers/recalculate',
      '/v1/members/{memberId}/tier',
      '/v1/members/{memberId}/tier-history',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    for (const schema of ['Tier', 'TierBenefits', 'MemberTier', 'TierHistoryEntry', 'TierRecalculation'])
      expect(doc.components.schemas[schema], schema).toBeDefined();
  });
});

describe('tenancy and permissions', () => {
  it("hides another tenant's programs, tiers and members behind 404", async () => {
    const p = await program(t.app, tenant.auth);
    const tier = (await createTier(p, { name: 'Gold', threshold: 100 })).json();
    const m = await member(t.app, tenant.auth, p);
    expect((await req('GET', `/v1/tiers/${tier.id}`, other.auth)).statusCode).toBe(404);
    expect((await req('PATCH', `/v1/tiers/${tier.id}`, other.auth, { name: 'Mine' })).statusCode).toBe(404);
    expect((await req('DELETE', `/v1/tiers/${tier.id}`, other.auth)).statusCode).toBe(404);
    expect((await req('GET', `/v1/programs/${p}/tiers`, other.auth)).statusCode).toBe(404);
    expect((await createTier(p, { name: 'Intruder', threshold: 5 }, other.auth)).statusCode).toBe(404);
    expect((await req('POST', `/v1/programs/${p}/tiers/recalculate`, other.auth, {})).statusCode).toBe(404);
    expect((await req('GET', `/v1/members/${m}/tier`, other.auth)).statusCode).toBe(404);
    expect((await req('GET', `/v1/members/${m}/tier-history`, other.auth)).statusCode).toBe(404);
    expect((await req('GET', `/v1/tiers/${tier.id}`)).json().name).toBe('Gold');
    expect(await liveTiers(p)).toBe(1);
  });

  it('needs tiers:read to read and tiers:write to change', async () => {
    const p = await program(t.app, tenant.auth);
    const tier = (await createTier(p, { name: 'Gold', threshold: 100 })).json();
    const reader = await apiKey(t.app, tenant, ['tiers:read']);
    const stranger = await apiKey(t.app, tenant, ['points:read']);
    expect((await req('GET', `/v1/programs/${p}/tiers`, reader.auth)).statusCode).toBe(200);
    expect(errorCode(await createTier(p, { name: 'Silver', threshold: 50 }, reader.auth))).toBe('forbidden');
    expect((await req('PATCH', `/v1/tiers/${tier.id}`, reader.auth, { name: 'X' })).statusCode).toBe(403);
    expect((await req('DELETE', `/v1/tiers/${tier.id}`, reader.auth)).statusCode).toBe(403);
    expect((await req('POST', `/v1/programs/${p}/tiers/recalculate`, reader.auth, {})).statusCode).toBe(403);
    expect((await req('GET', `/v1/tiers/${tier.id}`, stranger.auth)).statusCode).toBe(403);
    expect((await req('GET', `/v1/tiers/${tier.id}`, {})).statusCode).toBe(401);
    expect(await liveTiers(p)).toBe(1);
  });
});
