import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant-tx.ts';
import { loadMemberFacts } from '../members/member-facts.ts';
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

let t: TestApp;
let tenant: TenantSession;
let auth: Record<string, string>;
let programId: string;

beforeAll(async () => {
  ({ t, tenant, auth, programId } = await tenantWithProgram([
    'segments:read',
    'segments:write',
    'members:read',
    'members:write',
    'campaigns:write',
  ]));
  // Segments run on analytics, which hold only declared attributes: `vip` names no one.
  const declared = await t.app.inject({
    method: 'PATCH',
    url: `/v1/programs/${programId}`,
    headers: tenant.auth,
    payload: { settings: { analyticsAttributes: ['vip'] } },
  });
  if (declared.statusCode !== 200) throw new Error(`${declared.statusCode} ${declared.body}`);
});
afterAll(() => t?.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const req = (method: Method, url: string, payload?: object, headers = auth) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const VIP = { field: 'member.attributes.vip', op: 'eq', value: true };

async function segment(body: object, pid = programId): Promise<string> {
  const res = await req('POST', `/v1/programs/${pid}/segments`, { name: 'Segment', ...body });
  if (res.statusCode !== 201) throw new Error(`segment creation failed: ${res.statusCode} ${res.body}`);
  return res.json().id;
}
const members = (n: number, pid = programId) => Promise.all(Array.from({ length: n }, () => member(t.app, auth, pid)));
const memberIdsOf = async (segmentId: string) =>
  (await req('GET', `/v1/segments/${segmentId}/members?limit=200`))
    .json()
    .data.map((m: { memberId: string }) => m.memberId)
    .sort();
const rowsOf = async (segmentId: string) =>
  (await t.ownerPool.query('SELECT member_id::text, source FROM segment_members WHERE segment_id = $1', [segmentId]))
    .rows;

describe('segment CRUD', () => {
  it('creates, reads, lists, updates and deletes, with audit entries and events', async () => {
    const created = await req('POST', `/v1/programs/${programId}/segments`, {
      name: 'VIPs',
      description: 'our best',
      kind: 'dynamic',
      condition: VIP,
    });
    expect(created.statusCode).toBe(201);
    const s = created.json();
    expect(s).toMatchObject({
      programId,
      name: 'VIPs',
      description: 'our best',
      kind: 'dynamic',
      condition: VIP,
      memberCount: 0,
      evaluatedAt: null,
    });
    expect((await req('GET', `/v1/segments/${s.id}`)).json()).toEqual(s);
    expect(
      (await req('GET', `/v1/programs/${programId}/segments?kind=dynamic`))
        .json()
        .data.map((x: { id: string }) => x.id),
    ).toContain(s.id);

    const patched = await req('PATCH', `/v1/segments/${s.id}`, {
      name: 'Very important',
      description: null,
      condition: { all: [VIP, { field: 'member.balance', op: 'gte', value: 100 }] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Very important', description: null, kind: 'dynamic' });

    expect((await req('DELETE', `/v1/segments/${s.id}`)).statusCode).toBe(204);
    expect((await req('GET', `/v1/segments/${s.id}`)).statusCode).toBe(404);
    expect((await req('PATCH', `/v1/segments/${s.id}`, { name: 'x' })).statusCode).toBe(404);

    const audit = await t.ownerPool.query(
      "SELECT action FROM audit_log WHERE entity_type = 'segment' AND entity_id = $1 ORDER BY id",
      [s.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['segment.created', 'segment.updated', 'segment.deleted']);
    const events = await t.ownerPool.query(
      "SELECT type FROM outbox WHERE tenant_id = $1 AND payload->'data'->'segment'->>'id' = $2 ORDER BY id",
      [tenant.tenantId, s.id],
    );
    expect(events.rows.map((r) => r.type)).toEqual(['segment_created', 'segment_updated', 'segment_deleted']);
  });

  it('pages the program list with a cursor', async () => {
    const pid = await program(t.app, tenant.auth);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await segment({ kind: 'static', name: `S${i}` }, pid));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await req('GET', `/v1/programs/${pid}/segments?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().data.map((x: { id: string }) => x.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect((await req('GET', `/v1/programs/${pid}/segments?cursor=12`)).statusCode).toBe(400);
    // Cursors are opaque: an id where a cursor belongs is refused, not taken as a position.
    expect((await req('GET', `/v1/programs/${pid}/segments?cursor=${randomUUID()}`)).statusCode).toBe(400);
    // A cursor past a segment deleted since still leads on to the ones after it.
    const firstPage = (await req('GET', `/v1/programs/${pid}/segments?limit=2`)).json();
    expect(firstPage.hasMore).toBe(true);
    expect((await req('DELETE', `/v1/segments/${ids[1]}`)).statusCode).toBe(204);
    expect(
      (await req('GET', `/v1/programs/${pid}/segments?limit=2&cursor=${firstPage.nextCursor}`))
        .json()
        .data.map((x: { id: string }) => x.id),
    ).toEqual([ids[2], ids[3]]);
  });

  it.each([
    ['a static segment with a condition', { kind: 'static', condition: VIP }, 'condition'],
    ['a dynamic segment without a condition', { kind: 'dynamic' }, 'condition'],
    [
      'a transaction field in a segment condition',
      { kind: 'hybrid', condition: { all: [VIP, { field: 'transaction.amount', op: 'gt', value: 5 }] } },
      'condition.all.1.field',
    ],
    [
      'an operator the field does not take',
      { kind: 'dynamic', condition: { field: 'member.balance', op: 'contains', value: 'x' } },
      'condition.op',
    ],
    ['an unknown kind', { kind: 'smart' }, 'kind'],
  ])('refuses %s with 400 naming the node, and writes nothing', async (_name, body, path) => {
    const before = (await t.ownerPool.query('SELECT count(*)::int AS n FROM segments')).rows[0].n;
    const res = await req('POST', `/v1/programs/${programId}/segments`, { name: 'Bad', ...body });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    expect(res.json().error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect((await t.ownerPool.query('SELECT count(*)::int AS n FROM segments')).rows[0].n).toBe(before);
  });

  it('refuses a condition on an attribute the program keeps out of analytics, naming it', async () => {
    const condition = { any: [VIP, { field: 'member.attributes.email', op: 'eq', value: 'ada@example.com' }] };
    const res = await req('POST', `/v1/programs/${programId}/segments`, { name: 'Bad', kind: 'dynamic', condition });
    // The program's settings forbid it, not the condition's form: a conflict.
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'conflict',
      details: { field: 'condition', undeclaredAttributes: ['email'] },
    });
    expect(res.json().error.message).toContain('member.attributes.email');
    const s = await segment({ kind: 'dynamic', condition: VIP });
    expect((await req('PATCH', `/v1/segments/${s}`, { condition })).statusCode).toBe(409);
  });

  it('keeps the kind fixed and a static segment without a condition', async () => {
    const s = await segment({ kind: 'static' });
    expect((await req('PATCH', `/v1/segments/${s}`, { kind: 'static', name: 'same kind is fine' })).statusCode).toBe(
      200,
    );
    // The segment as it is forbids both: conflicts with its state.
    const kind = await req('PATCH', `/v1/segments/${s}`, { kind: 'hybrid' });
    expect(kind.statusCode).toBe(409);
    expect(kind.json().error.details).toMatchObject({ field: 'kind' });
    expect((await req('PATCH', `/v1/segments/${s}`, { condition: VIP })).statusCode).toBe(409);
  });

  it('refuses conditions that test segments of another program, or the segment itself', async () => {
    const other = await segment({ kind: 'static' }, await program(t.app, tenant.auth));
    const res = await req('POST', `/v1/programs/${programId}/segments`, {
      name: 'x',
      kind: 'dynamic',
      condition: { field: 'member.segments', op: 'contains', value: other },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.details).toMatchObject({ field: 'condition', unknownSegmentIds: [other] });
    const local = await segment({ kind: 'static' });
    const s = await segment({ kind: 'dynamic', condition: { field: 'member.segments', op: 'contains', value: local } });
    expect(
      (
        await req('PATCH', `/v1/segments/${s}`, {
          condition: { field: 'member.segments', op: 'contains_any', value: [local, s] },
        })
      ).statusCode,
    ).toBe(400);
    // A segment another segment's condition tests cannot be deleted from under it.
    const del = await req('DELETE', `/v1/segments/${local}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.details).toMatchObject({ reason: 'segment_in_use', segmentIds: [s] });
  });
});

describe('membership', () => {
  it('adds and removes in bulk with counts; repeated, unknown, deleted and foreign ids are not written', async () => {
    const s = await segment({ kind: 'static' });
    const [a, b, c, gone] = await members(4);
    const elsewhere = await member(t.app, auth, await program(t.app, tenant.auth));
    expect((await req('DELETE', `/v1/members/${gone}`)).statusCode).toBe(204);
    const unknown = randomUUID();

    const added = await req('POST', `/v1/segments/${s}/members`, { memberIds: [a, b, a, unknown, gone, elsewhere] });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toEqual({ added: 2, alreadyPresent: 0, notFound: 3 });
    expect((await req('POST', `/v1/segments/${s}/members`, { memberIds: [a, b, c] })).json()).toEqual({
      added: 1,
      alreadyPresent: 2,
      notFound: 0,
    });
    expect(await memberIdsOf(s)).toEqual([a, b, c].sort());
    expect((await rowsOf(s)).map((r) => r.member_id).sort()).toEqual([a, b, c].sort());

    const removed = await req('POST', `/v1/segments/${s}/members/remove`, { memberIds: [a, a, unknown] });
    expect(removed.json()).toEqual({ removed: 1, notPresent: 0, notFound: 1 });
    expect((await req('POST', `/v1/segments/${s}/members/remove`, { memberIds: [a] })).json()).toEqual({
      removed: 0,
      notPresent: 1,
      notFound: 0,
    });
    expect(await memberIdsOf(s)).toEqual([b, c].sort());
    expect((await req('GET', `/v1/segments/${s}`)).json()).toMatchObject({
      memberCount: 2,
      includedCount: 2,
      excludedCount: 0,
    });

    const events = await t.ownerPool.query(
      "SELECT payload->'data' AS data FROM outbox WHERE tenant_id = $1 AND type = 'segment_updated' AND payload->'data'->>'segmentId' = $2 ORDER BY id",
      [tenant.tenantId, s],
    );
    expect(events.rows.map((r) => [r.data.change, r.data.memberIds.length])).toEqual([
      ['members_added', 2],
      ['members_added', 1],
      ['members_removed', 1],
    ]);
  });

  it('replays a membership change sent again with the same Idempotency-Key', async () => {
    const s = await segment({ kind: 'static' });
    const [a, b] = await members(2);
    const headers = { ...auth, 'idempotency-key': randomUUID() };
    const first = await req('POST', `/v1/segments/${s}/members`, { memberIds: [a] }, headers);
    const again = await req('POST', `/v1/segments/${s}/members`, { memberIds: [a] }, headers);
    expect(again.json()).toEqual({ added: 1, alreadyPresent: 0, notFound: 0 });
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    const reused = await req('POST', `/v1/segments/${s}/members`, { memberIds: [b] }, headers);
    expect(reused.statusCode).toBe(409);
    expect(errorCode(reused)).toBe('idempotency_key_reused');
    expect(await memberIdsOf(s)).toEqual([a]);
  });

  it('never writes member ids of another tenant', async () => {
    const s = await segment({ kind: 'static' });
    const other = await onboard(t.app);
    const theirs = await member(t.app, other.auth, await program(t.app, other.auth));
    const res = await req('POST', `/v1/segments/${s}/members`, { memberIds: [theirs] });
    expect(res.json()).toEqual({ added: 0, alreadyPresent: 0, notFound: 1 });
    expect(await rowsOf(s)).toEqual([]);
  });

  it('takes 10,000 ids in one call and refuses more', async () => {
    const s = await segment({ kind: 'static' });
    const [a] = await members(1);
    const ids = [a!, ...Array.from({ length: 9_999 }, () => randomUUID())];
    const res = await req('POST', `/v1/segments/${s}/members`, { memberIds: ids });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ added: 1, alreadyPresent: 0, notFound: 9_999 });
    const tooMany = await req('POST', `/v1/segments/${s}/members`, { memberIds: [...ids, randomUUID()] });
    expect(tooMany.statusCode).toBe(400);
    expect(errorCode(tooMany)).toBe('validation_failed');
    expect((await req('POST', `/v1/segments/${s}/members`, { memberIds: ['not-a-uuid'] })).statusCode).toBe(400);
  });

  it('curates includes in static and hybrid segments and excludes in hybrid ones only', async () => {
    const [a] = await members(1);
    const dynamic = await segment({ kind: 'dynamic', condition: VIP });
    const stat = await segment({ kind: 'static' });
    for (const [url, reason] of [
      [`/v1/segments/${dynamic}/members`, 'segment_kind'],
      [`/v1/segments/${stat}/excludes`, 'segment_kind'],
      [`/v1/segments/${dynamic}/excludes`, 'segment_kind'],
    ] as const) {
      const res = await req('POST', url, { memberIds: [a] });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details.reason).toBe(reason);
    }
  });

  it('puts a member in a hybrid segment when included or matched by the rule, and not excluded, both ways', async () => {
    const s = await segment({ kind: 'hybrid', condition: VIP });
    const [included, matched, both, excludedIncluded, excludedMatched, outsider] = await members(6);
    await req('POST', `/v1/segments/${s}/members`, { memberIds: [included, both, excludedIncluded] });
    // The analytics side materializes the condition's members as 'rule' rows.
    for (const m of [matched, both, excludedMatched]) {
      await t.ownerPool.query(
        "INSERT INTO segment_members (tenant_id, segment_id, member_id, source) VALUES ($1, $2, $3, 'rule')",
        [tenant.tenantId, s, m],
      );
    }
    expect(
      (
        await req('POST', `/v1/segments/${s}/excludes`, { memberIds: [excludedIncluded, excludedMatched, outsider] })
      ).json(),
    ).toEqual({ added: 3, alreadyPresent: 0, notFound: 0 });

    const inside = [included!, matched!, both!].sort();
    expect(await memberIdsOf(s)).toEqual(inside);
    const listed = (await req('GET', `/v1/segments/${s}/members`)).json().data;
    expect(listed.find((m: { memberId: string }) => m.memberId === both).sources).toEqual(['include', 'rule']);
    expect(
      (await req('GET', `/v1/segments/${s}/excludes`))
        .json()
        .data.map((m: { memberId: string }) => m.memberId)
        .sort(),
    ).toEqual([excludedIncluded, excludedMatched, outsider].sort());
    expect((await req('GET', `/v1/segments/${s}`)).json()).toMatchObject({
      memberCount: 3,
      includedCount: 3,
      excludedCount: 3,
    });

    for (const m of [included, matched, both, excludedIncluded, excludedMatched, outsider]) {
      const mine = (await req('GET', `/v1/members/${m}/segments`)).json().data.map((x: { id: string }) => x.id);
      const facts = await withTenant(t.pool, tenant.tenantId, (tx) => loadMemberFacts(tx, m!));
      expect(mine.includes(s), m).toBe(inside.includes(m!));
      // The earn-time lookup applies the same rule.
      expect(facts!.segments.has(s)).toBe(inside.includes(m!));
    }

    // Taking a member off the exclude list brings it back.
    await req('POST', `/v1/segments/${s}/excludes/remove`, { memberIds: [excludedMatched] });
    expect(await memberIdsOf(s)).toEqual([...inside, excludedMatched!].sort());
  });

  it("pages a segment's members by member id", async () => {
    const s = await segment({ kind: 'static' });
    const ids = await members(5);
    await req('POST', `/v1/segments/${s}/members`, { memberIds: ids });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { memberId: string }[]; nextCursor: string | null } = (
        await req('GET', `/v1/segments/${s}/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((m) => m.memberId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].sort());
  });

  it('deletes membership rows with the segment', async () => {
    const s = await segment({ kind: 'static' });
    const [a] = await members(1);
    await req('POST', `/v1/segments/${s}/members`, { memberIds: [a] });
    expect((await req('DELETE', `/v1/segments/${s}`)).statusCode).toBe(204);
    expect(await rowsOf(s)).toEqual([]);
    expect((await req('GET', `/v1/members/${a}/segments`)).json().data).toEqual([]);
    expect((await req('POST', `/v1/segments/${s}/members`, { memberIds: [a] })).statusCode).toBe(404);
  });

  it('refuses to delete a segment a campaign that is not over still targets', async () => {
    const s = await segment({ kind: 'static' });
    const campaign = await req('POST', `/v1/programs/${programId}/campaigns`, {
      name: 'Targeted',
      startsAt: '2030-01-01',
      endsAt: '2030-02-01',
      segmentIds: [s],
      bonus: { type: 'fixed', points: 5 },
    });
    expect(campaign.statusCode).toBe(201);
    const del = await req('DELETE', `/v1/segments/${s}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.details).toMatchObject({ reason: 'segment_in_use', campaignIds: [campaign.json().id] });
  });
});

describe('tenancy and permissions', () => {
  it("answers 404 for another tenant's segments and members", async () => {
    const s = await segment({ kind: 'static' });
    const [a] = await members(1);
    const other = await onboard(t.app);
    for (const [method, url, body] of [
      ['GET', `/v1/segments/${s}`],
      ['PATCH', `/v1/segments/${s}`, { name: 'mine' }],
      ['DELETE', `/v1/segments/${s}`],
      ['POST', `/v1/segments/${s}/members`, { memberIds: [a] }],
      ['GET', `/v1/segments/${s}/members`],
      ['GET', `/v1/members/${a}/segments`],
      ['GET', `/v1/programs/${programId}/segments`],
      ['POST', `/v1/programs/${programId}/segments`, { name: 'x', kind: 'static' }],
    ] as [Method, string, object?][]) {
      const res = await req(method, url, body, other.auth);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await req('GET', `/v1/segments/${s}`)).statusCode).toBe(200);
  });

  it('needs segments:write to change and segments:read to look', async () => {
    const s = await segment({ kind: 'static' });
    const reader = (await apiKey(t.app, tenant, ['segments:read'])).auth;
    const stranger = (await apiKey(t.app, tenant, ['members:read'])).auth;
    expect((await req('GET', `/v1/segments/${s}`, undefined, reader)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', `/v1/programs/${programId}/segments`, { name: 'x', kind: 'static' }],
      ['PATCH', `/v1/segments/${s}`, { name: 'y' }],
      ['DELETE', `/v1/segments/${s}`],
      ['POST', `/v1/segments/${s}/members`, { memberIds: [randomUUID()] }],
    ] as [Method, string, object?][]) {
      expect((await req(method, url, body, reader)).statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await req('GET', `/v1/segments/${s}`, undefined, stranger)).statusCode).toBe(403);
    expect((await req('GET', `/v1/segments/${s}/members`, undefined, stranger)).statusCode).toBe(403);
  });
});
