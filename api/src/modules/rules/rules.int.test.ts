import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculatePoints, compileRules, MAX_ACTIVE_RULES_PER_PROGRAM } from '@loyalty/shared';
import { withTenant } from '../../db/tenant-tx.ts';
import {
  apiKey,
  errorCode,
  onboard,
  OWNER_PASSWORD,
  program,
  type TenantSession,
  type TestApp,
  tenantWithProgram,
} from '../../testing/test-app.ts';
import { activeRulesForProgram } from './rules.repository.ts';

let t: TestApp;
let tenant: TenantSession;
let auth: Record<string, string>;
let programId: string;

beforeAll(async () => {
  ({ t, tenant, auth, programId } = await tenantWithProgram(['rules:read', 'rules:write', 'programs:read']));
});
afterAll(() => t?.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const req = (method: Method, url: string, payload?: object, headers: Record<string, string> = auth) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const create = (body: object, pid = programId) => req('POST', `/v1/programs/${pid}/rules`, body);
const countRules = async () =>
  (await t.ownerPool.query('SELECT count(*)::int AS n FROM points_rules WHERE tenant_id = $1', [tenant.tenantId]))
    .rows[0].n as number;

const happyHour = {
  name: 'Happy hour: 2 points per euro on coffee',
  priority: 10,
  kind: {
    type: 'dynamic',
    pointsPerUnit: 1,
    bands: [{ fromAmount: 10_000, pointsPerUnit: 2 }],
    categoryMultipliers: { coffee: 2 },
    rounding: 'half_up',
  },
  condition: {
    all: [
      { field: 'transaction.channel', op: 'eq', value: 'pos' },
      { field: 'transaction.amount', op: 'gte', value: 100 },
    ],
  },
  schedule: { daysOfWeek: [1, 2, 3, 4, 5], timeWindows: [{ start: '16:00', end: '18:00' }] },
  minAmount: 100,
  maxPoints: 500,
  stacking: 'best_of',
  approvalDays: 30,
};

describe('rules CRUD', () => {
  it('creates, reads, lists in run order, patches and deletes a rule', async () => {
    const created = await create(happyHour);
    expect(created.statusCode).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({ ...happyHour, programId, active: true });
    expect((await req('GET', `/v1/rules/${rule.id}`)).json()).toEqual(rule);

    const first = (await create({ name: 'Welcome', priority: 1, kind: { type: 'fixed', points: 50 } })).json();
    const late = (
      await create({ name: 'Ten percent', kind: { type: 'percentage', percent: 10, rounding: 'floor' }, active: false })
    ).json();
    expect(late).toMatchObject({ priority: 100, stacking: 'stack', active: false });
    const list = (await req('GET', `/v1/programs/${programId}/rules`)).json();
    expect(list.data.map((r: { id: string }) => r.id)).toEqual([first.id, rule.id, late.id]);
    expect(
      (await req('GET', `/v1/programs/${programId}/rules?active=false`)).json().data.map((r: { id: string }) => r.id),
    ).toEqual([late.id]);

    const patched = await req('PATCH', `/v1/rules/${rule.id}`, {
      priority: 0,
      condition: null,
      schedule: { dateRanges: [{ from: '2026-12-01', to: '2026-12-24' }] },
    });
    expect(patched.statusCode).toBe(200);
    const after = patched.json();
    expect(after).toMatchObject({
      priority: 0,
      schedule: { dateRanges: [{ from: '2026-12-01', to: '2026-12-24' }] },
      kind: happyHour.kind,
      maxPoints: 500,
    });
    expect(after).not.toHaveProperty('condition');
    const stored = await t.ownerPool.query(
      'SELECT name, priority, active, definition FROM points_rules WHERE id = $1',
      [rule.id],
    );
    expect(stored.rows[0]).toMatchObject({
      name: happyHour.name,
      priority: 0,
      active: true,
      definition: { priority: 0, kind: happyHour.kind },
    });
    expect(stored.rows[0].definition).not.toHaveProperty('condition');

    expect((await req('DELETE', `/v1/rules/${rule.id}`)).statusCode).toBe(204);
    expect((await req('GET', `/v1/rules/${rule.id}`)).statusCode).toBe(404);
    expect((await req('PATCH', `/v1/rules/${rule.id}`, { priority: 3 })).statusCode).toBe(404);
    expect((await req('DELETE', `/v1/rules/${rule.id}`)).statusCode).toBe(404);
    const gone = await t.ownerPool.query('SELECT deleted_at FROM points_rules WHERE id = $1', [rule.id]);
    expect(gone.rows[0].deleted_at).toBeInstanceOf(Date);
    expect((await req('GET', `/v1/programs/${programId}/rules`)).json().data.map((r: { id: string }) => r.id)).toEqual([
      first.id,
      late.id,
    ]);
  });

  it('pages through the rules with a cursor', async () => {
    const pid = await program(t.app, tenant.auth);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (await create({ name: `r${i}`, priority: 5 - (i % 2), kind: { type: 'fixed', points: 1 } }, pid)).json().id,
      );
    const expected = [ids[1], ids[3], ids[0], ids[2], ids[4]];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await req('GET', `/v1/programs/${pid}/rules?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const body: { data: { id: string }[]; nextCursor: string | null } = res.json();
      seen.push(...body.data.map((r) => r.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(errorCode(await req('GET', `/v1/programs/${pid}/rules?cursor=not-a-cursor`))).toBe('validation_failed');
    // Cursors are opaque: an id where a cursor belongs is refused, not taken as a position.
    expect(errorCode(await req('GET', `/v1/programs/${pid}/rules?cursor=${randomUUID()}`))).toBe('validation_failed');
  });

  it('writes an audit entry and an event for every change', async () => {
    const rule = (await create({ name: 'Audited', kind: { type: 'fixed', points: 5 } })).json();
    await req('PATCH', `/v1/rules/${rule.id}`, { name: 'Audited twice' });
    await req('DELETE', `/v1/rules/${rule.id}`);
    const audit = await t.ownerPool.query(
      'SELECT action, entity_type, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id',
      [rule.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['rule.created', 'rule.updated', 'rule.deleted']);
    expect(audit.rows[1]).toMatchObject({
      entity_type: 'rule',
      before: { name: 'Audited' },
      after: { name: 'Audited twice' },
    });
    const events = await t.ownerPool.query(
      "SELECT type, payload FROM outbox WHERE tenant_id = $1 AND type LIKE 'rule_%' AND (payload->'data'->'rule'->>'id' = $2 OR payload->'data'->>'ruleId' = $2) ORDER BY id",
      [tenant.tenantId, rule.id],
    );
    expect(events.rows.map((r) => r.type)).toEqual(['rule_created', 'rule_updated', 'rule_deleted']);
    expect(events.rows[1].payload).toMatchObject({
      programId,
      data: { changed: ['name'], rule: { name: 'Audited twice' } },
    });
  });

  it('replays a create sent twice with the same Idempotency-Key', async () => {
    const key = randomUUID();
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: `/v1/programs/${programId}/rules`,
        headers: { ...auth, 'idempotency-key': key },
        payload: { name: 'Once', kind: { type: 'fixed', points: 1 } },
      });
    const [a, b] = [await send(), await send()];
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json().id).toBe(a.json().id);
  });
});

describe('rule validation', () => {
  it.each([
    [
      'a bad condition node',
      {
        ...happyHour,
        condition: {
          all: [
            { field: 'transaction.channel', op: 'eq', value: 'pos' },
            { field: 'transaction.amount', op: 'starts_with', value: 'x' },
          ],
        },
      },
      'condition.all.1.op',
    ],
    [
      'an unknown condition field',
      { ...happyHour, condition: { any: [{ field: 'transaction.colour', op: 'eq', value: 'red' }] } },
      'condition.any.0.field',
    ],
    [
      'a bad schedule',
      { ...happyHour, schedule: { timeWindows: [{ start: '16:00', end: '16:00' }] } },
      'schedule.timeWindows.0.end',
    ],
    [
      'an impossible date',
      { ...happyHour, schedule: { dateRanges: [{ from: '2026-02-30', to: '2026-03-02' }] } },
      'schedule.dateRanges.0.from',
    ],
    ['an unknown kind', { ...happyHour, kind: { type: 'tiered', points: 3 } }, 'kind.type'],
    [
      'a percentage with three decimals',
      { ...happyHour, kind: { type: 'percentage', percent: 2.125, rounding: 'floor' } },
      'kind.percent',
    ],
    ['a missing rounding mode', { ...happyHour, kind: { type: 'percentage', percent: 2 } }, 'kind.rounding'],
    ['an unknown field', { ...happyHour, bonus: 3 }, '(root)'],
    [
      'a NUL character, which jsonb cannot store',
      { ...happyHour, condition: { field: 'transaction.store', op: 'eq', value: 'a\u0000' } },
      'condition.value',
    ],
  ])('refuses %s with 400, the path of the bad node, and writes nothing', async (_what, body, path) => {
    const before = await countRules();
    const res = await create(body);
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    expect(res.json().error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await countRules()).toBe(before);
  });

  it('refuses an empty or unknown patch', async () => {
    const rule = (await create({ name: 'Patch me', kind: { type: 'fixed', points: 5 } })).json();
    expect(errorCode(await req('PATCH', `/v1/rules/${rule.id}`, {}))).toBe('validation_failed');
    expect(errorCode(await req('PATCH', `/v1/rules/${rule.id}`, { kind: { type: 'percentage', percent: 5 } }))).toBe(
      'validation_failed',
    );
    expect(errorCode(await req('PATCH', `/v1/rules/${rule.id}`, { name: null }))).toBe('validation_failed');
  });

  it('validates the whole rule after a patch', async () => {
    const rule = (await create({ name: 'Legacy', kind: { type: 'fixed', points: 5 } })).json();
    // A rule stored by an older, looser version of the API: the next patch must fix it.
    await t.ownerPool.query(
      `UPDATE points_rules SET definition = jsonb_set(definition, '{kind,points}', '0') WHERE id = $1`,
      [rule.id],
    );
    const res = await req('PATCH', `/v1/rules/${rule.id}`, { name: 'Legacy renamed' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0]).toMatchObject({ path: 'kind.points' });
    expect(
      (await req('PATCH', `/v1/rules/${rule.id}`, { name: 'Legacy fixed', kind: { type: 'fixed', points: 7 } })).json(),
    ).toMatchObject({ name: 'Legacy fixed', kind: { points: 7 } });
  });

  it(`allows at most ${MAX_ACTIVE_RULES_PER_PROGRAM} active rules per program`, async () => {
    const pid = await program(t.app, tenant.auth);
    await t.ownerPool.query(
      `INSERT INTO points_rules (tenant_id, program_id, name, priority, active, definition)
       SELECT $1, $2, 'bulk ' || i, 100, true, jsonb_build_object('name', 'bulk ' || i, 'priority', 100, 'active', true, 'stacking', 'stack', 'kind', jsonb_build_object('type', 'fixed', 'points', 1))
         FROM generate_series(1, $3::int) AS i`,
      [tenant.tenantId, pid, MAX_ACTIVE_RULES_PER_PROGRAM],
    );
    const refused = await create({ name: 'One too many', kind: { type: 'fixed', points: 1 } }, pid);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'rule_limit_reached',
      details: { limit: MAX_ACTIVE_RULES_PER_PROGRAM },
    });
    const inactive = await create({ name: 'Parked', active: false, kind: { type: 'fixed', points: 1 } }, pid);
    expect(inactive.statusCode).toBe(201);
    expect(errorCode(await req('PATCH', `/v1/rules/${inactive.json().id}`, { active: true }))).toBe(
      'rule_limit_reached',
    );
    const victim = (await req('GET', `/v1/programs/${pid}/rules?limit=1`)).json().data[0];
    expect((await req('DELETE', `/v1/rules/${victim.id}`)).statusCode).toBe(204);
    expect((await req('PATCH', `/v1/rules/${inactive.json().id}`, { active: true })).statusCode).toBe(200);
  });

  it('answers 404 for a program that does not exist', async () => {
    expect(errorCode(await create(happyHour, randomUUID()))).toBe('not_found');
    expect(errorCode(await req('GET', `/v1/programs/${randomUUID()}/rules`))).toBe('not_found');
  });
});

describe('rules in the OpenAPI document', () => {
  it('lists the operations and the PointsRule schema', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths['/v1/programs/{programId}/rules'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/v1/rules/{ruleId}'])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
    expect(doc.components.schemas.PointsRule.properties).toHaveProperty('kind');
  });
});

describe('rules under fuzzing', () => {
  it('never answers 5xx to odd bodies, and writes nothing when it refuses', async () => {
    const rule = (await create({ name: 'Fuzz target', kind: { type: 'fixed', points: 5 } })).json();
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom(null, -1, 1e308, 0.001, '', 'fixed', '24:00'),
    );
    const kind = fc.record(
      {
        type: fc.constantFrom('fixed', 'percentage', 'dynamic', 'x'),
        points: value,
        percent: value,
        pointsPerUnit: value,
        rounding: value,
        bands: value,
        categoryMultipliers: value,
      },
      { requiredKeys: ['type'] },
    );
    const body = fc.record(
      {
        name: value,
        priority: value,
        active: value,
        kind: fc.oneof(kind, value),
        condition: value,
        minAmount: value,
        maxPoints: value,
        stacking: value,
        schedule: value,
        approvalDays: value,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('POST', 'PATCH'), body, async (method, payload) => {
        const before = await countRules();
        const res = method === 'POST' ? await create(payload) : await req('PATCH', `/v1/rules/${rule.id}`, payload);
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) {
          errorCode(res);
          expect(await countRules()).toBe(before);
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});

describe('rules across tenants and roles', () => {
  it("another tenant's rules and programs answer 404", async () => {
    const rule = (await create({ name: 'Mine', kind: { type: 'fixed', points: 5 } })).json();
    const other = await onboard(t.app);
    const theirs = (await apiKey(t.app, other, ['rules:read', 'rules:write'])).auth;
    expect((await req('GET', `/v1/rules/${rule.id}`, undefined, theirs)).statusCode).toBe(404);
    expect((await req('PATCH', `/v1/rules/${rule.id}`, { name: 'Stolen' }, theirs)).statusCode).toBe(404);
    expect((await req('DELETE', `/v1/rules/${rule.id}`, undefined, theirs)).statusCode).toBe(404);
    expect((await req('GET', `/v1/programs/${programId}/rules`, undefined, theirs)).statusCode).toBe(404);
    expect(
      (
        await req(
          'POST',
          `/v1/programs/${programId}/rules`,
          { name: 'Planted', kind: { type: 'fixed', points: 5 } },
          theirs,
        )
      ).statusCode,
    ).toBe(404);
    expect((await req('GET', `/v1/rules/${rule.id}`)).json().name).toBe('Mine');
  });

  it('a role without rules:write reads rules but cannot change them', async () => {
    const rule = (await create({ name: 'Guarded', kind: { type: 'fixed', points: 5 } })).json();
    const email = `dev-${Date.now()}@staff.example`;
    expect(
      (await req('POST', '/v1/users', { email, name: 'Dev', password: OWNER_PASSWORD, role: 'developer' }, tenant.auth))
        .statusCode,
    ).toBe(201);
    const login = await req('POST', '/v1/auth/login', { tenant: tenant.slug, email, password: OWNER_PASSWORD }, {});
    const developer = { authorization: `Bearer ${login.json().accessToken}` };
    expect((await req('GET', `/v1/rules/${rule.id}`, undefined, developer)).statusCode).toBe(200);
    for (const res of [
      await req(
        'POST',
        `/v1/programs/${programId}/rules`,
        { name: 'Nope', kind: { type: 'fixed', points: 1 } },
        developer,
      ),
      await req('PATCH', `/v1/rules/${rule.id}`, { name: 'Nope' }, developer),
      await req('DELETE', `/v1/rules/${rule.id}`, undefined, developer),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'forbidden', details: { required: 'rules:write' } });
    }
    const noRules = (await apiKey(t.app, tenant, ['programs:read'])).auth;
    expect((await req('GET', `/v1/programs/${programId}/rules`, undefined, noRules)).statusCode).toBe(403);
  });
});

describe('activeRulesForProgram', () => {
  it('returns the active rules in run order, ready for the engine', async () => {
    const pid = await program(t.app, tenant.auth);
    const a = (
      await create({ name: 'Base', priority: 20, kind: { type: 'percentage', percent: 10, rounding: 'floor' } }, pid)
    ).json();
    const b = (
      await create(
        {
          name: 'Coffee',
          priority: 10,
          kind: { type: 'fixed', points: 7 },
          condition: { field: 'transaction.category', op: 'eq', value: 'coffee' },
        },
        pid,
      )
    ).json();
    await create({ name: 'Off', kind: { type: 'fixed', points: 1000 }, active: false }, pid);
    const deleted = (await create({ name: 'Deleted', kind: { type: 'fixed', points: 1000 } }, pid)).json();
    await req('DELETE', `/v1/rules/${deleted.id}`);

    const rules = await withTenant(t.pool, tenant.tenantId, (tx) => activeRulesForProgram(tx, pid));
    expect(rules.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(rules[0]).toMatchObject({
      name: 'Coffee',
      priority: 10,
      active: true,
      stacking: 'stack',
      kind: { type: 'fixed', points: 7 },
    });
    expect(typeof rules[0]!.updatedAt).toBe('string');
    // Row-level security: another tenant sees nothing.
    const other = await onboard(t.app);
    expect(await withTenant(t.pool, other.tenantId, (tx) => activeRulesForProgram(tx, pid))).toEqual([]);

    const breakdown = calculatePoints(compileRules(rules), {
      purchase: { amount: 12_345, currency: 'EUR', occurredAt: '2026-06-10T12:00:00Z', category: 'coffee' },
      timezone: 'Europe/Paris',
      currency: 'EUR',
      member: {},
      tier: null,
      campaigns: [],
      participations: new Map(),
      maxPointsPerTransaction: null,
      now: new Date(),
    });
    expect(breakdown).toMatchObject({
      points: 19,
      lines: [
        { ruleId: b.id, points: 7 },
        { ruleId: a.id, points: 12 },
      ],
    });
  });
});
