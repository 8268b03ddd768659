import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, program, tenantWithProgram, type TestApp, type TenantSession } from '../../testing/test-app.ts';

let t: TestApp;
let tenant: TenantSession;
let auth: Record<string, string>;
let programId: string;

beforeAll(async () => {
  ({ t, tenant, auth, programId } = await tenantWithProgram(['members:read', 'members:write', 'points:earn']));
});
afterAll(() => t?.close());

const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
const create = (body: object) => req('POST', `/v1/programs/${programId}/members`, body);

describe('members', () => {
  it('enrols, reads, looks up by external id, updates and deletes', async () => {
    const created = await create({
      externalId: 'cust-42',
      email: 'Zoe@Example.com',
      name: 'Zoë',
      phone: '+33612345678',
      birthday: '1990-07-14',
      attributes: { vip: true },
    });
    expect(created.statusCode).toBe(201);
    const m = created.json();
    expect(m).toMatchObject({
      externalId: 'cust-42',
      email: 'zoe@example.com',
      name: 'Zoë',
      birthday: '1990-07-14',
      attributes: { vip: true },
      balance: { available: 0 },
    });
    expect((await req('GET', `/v1/members/${m.id}`)).json().id).toBe(m.id);
    expect((await req('GET', `/v1/programs/${programId}/members/by-external-id/cust-42`)).json().id).toBe(m.id);

    const updated = await req('PATCH', `/v1/members/${m.id}`, { phone: null, name: 'Zoë K.' });
    expect(updated.json()).toMatchObject({ phone: null, name: 'Zoë K.', email: 'zoe@example.com' });

    expect((await req('DELETE', `/v1/members/${m.id}`)).statusCode).toBe(204);
    expect((await req('GET', `/v1/members/${m.id}`)).statusCode).toBe(404);
    const row = await t.ownerPool.query('SELECT pii, deleted_at FROM members WHERE id = $1', [m.id]);
    expect(row.rows[0]).toMatchObject({ pii: null });
    // The external id is free again after deletion.
    expect((await create({ externalId: 'cust-42' })).statusCode).toBe(201);
  });

  it('keeps personal data encrypted at rest', async () => {
    const m = (
      await create({ externalId: 'cust-secret', email: 'private@example.com', phone: '+447700900123' })
    ).json();
    const { rows } = await t.ownerPool.query('SELECT pii, birth_month FROM members WHERE id = $1', [m.id]);
    const raw = (rows[0].pii as Buffer).toString('latin1');
    expect(raw).not.toContain('private@example.com');
    expect(raw).not.toContain('447700900123');
  });

  it('refuses a duplicate external id in the same program with 409', async () => {
    await create({ externalId: 'dup-1' });
    const again = await create({ externalId: 'dup-1' });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('external_id_taken');
  });

  it.each([
    ['attributes over 16 KiB', { externalId: 'big', attributes: { blob: 'x'.repeat(17_000) } }],
    ['an invalid email', { externalId: 'e', email: 'not-an-email' }],
    ['an invalid phone', { externalId: 'p', phone: '0612' }],
    ['an impossible birthday', { externalId: 'b', birthday: '1990-02-30' }],
    ['an unknown field', { externalId: 'u', nickname: 'z' }],
    ['an empty external id', { externalId: '   ' }],
    ['a control character', { externalId: 'bad\u0007id' }],
    ['a lone surrogate', { externalId: 'bad\ud800id' }],
  ])('refuses %s with 400 and writes nothing', async (_name, body) => {
    const before = await t.ownerPool.query('SELECT count(*)::int AS n FROM members');
    const res = await create(body);
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    const after = await t.ownerPool.query('SELECT count(*)::int AS n FROM members');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('accepts non-Latin scripts and emoji in names and external ids', async () => {
    const res = await create({ externalId: '顧客-😀-42', name: 'Μαρία Ὀδυσσεύς' });
    expect(res.statusCode).toBe(201);
    expect(
      (await req('GET', `/v1/programs/${programId}/members/by-external-id/${encodeURIComponent('顧客-😀-42')}`)).json()
        .name,
    ).toBe('Μαρία Ὀδυσσεύς');
  });

  it('pages through a program with a cursor', async () => {
    const p = await program(t.app, tenant.auth);
    for (let i = 0; i < 5; i++) await req('POST', `/v1/programs/${p}/members`, { externalId: `page-${i}` });
    const first = (await req('GET', `/v1/programs/${p}/members?limit=2`)).json();
    const second = (await req('GET', `/v1/programs/${p}/members?limit=2&cursor=${first.nextCursor}`)).json();
    const third = (await req('GET', `/v1/programs/${p}/members?limit=2&cursor=${second.nextCursor}`)).json();
    expect([...first.data, ...second.data, ...third.data].map((m: { externalId: string }) => m.externalId)).toEqual([
      'page-0',
      'page-1',
      'page-2',
      'page-3',
      'page-4',
    ]);
    expect(third.nextCursor).toBeNull();
    expect(errorCode(await req('GET', `/v1/programs/${p}/members?cursor=abc`))).toBe('validation_failed');
  });

  it('writes member events without personal data, and erases what they said when the member is deleted', async () => {
    const p = await program(t.app, tenant.auth);
    const declare = (keys: string[]) =>
      t.app.inject({
        method: 'PATCH',
        url: `/v1/programs/${p}`,
        headers: tenant.auth,
        payload: { settings: { analyticsAttributes: keys } },
      });
    expect((await declare(['city'])).json().settings.analyticsAttributes).toEqual(['city']);
    const m = (
      await req('POST', `/v1/programs/${p}/members`, {
        externalId: 'evt-1@example.com',
        email: 'evt@example.com',
        birthday: '2000-12-01',
        attributes: { city: 'Lyon', allergy: 'nuts' },
      })
    ).json();
    await req('PATCH', `/v1/members/${m.id}`, { name: 'New' });
    const events = async () =>
      (
        await t.ownerPool.query<{ type: string; payload: { data: unknown } }>(
          'SELECT type, payload FROM outbox WHERE member_id = $1 ORDER BY id',
          [m.id],
        )
      ).rows;
    // Only the declared attribute, no external id, no e-mail.
    expect((await events()).map((r) => [r.type, r.payload.data])).toEqual([
      ['member_created', { birthMonth: 12, attributes: { city: 'Lyon' } }],
      ['member_updated', { birthMonth: 12, attributes: { city: 'Lyon' }, changed: ['name'] }],
    ]);

    await req('DELETE', `/v1/members/${m.id}`);
    // The outbox keeps its events (a replay is still in order) but they say nothing of the member.
    expect((await events()).map((r) => [r.type, r.payload.data])).toEqual([
      ['member_created', { birthMonth: null, attributes: {} }],
      ['member_updated', { birthMonth: null, attributes: {}, changed: ['name'] }],
      ['member_deleted', {}],
    ]);
    const { rows } = await t.ownerPool.query('SELECT external_id, attributes, birth_month FROM members WHERE id = $1', [
      m.id,
    ]);
    expect(rows[0]).toEqual({ external_id: `erased:${m.id}`, attributes: {}, birth_month: null });
    const audit = await t.ownerPool.query(
      "SELECT before FROM audit_log WHERE entity_id = $1 AND action = 'member.deleted'",
      [m.id],
    );
    expect(audit.rows[0].before).toEqual({ balance: expect.any(Object) });
    const everywhere = JSON.stringify([await events(), rows, audit.rows]);
    for (const personal of ['evt-1@example.com', 'evt@example.com', 'Lyon', 'nuts'])
      expect(everywhere).not.toContain(personal);
  });

  it("republishes the program's members when the declared attributes change", async () => {
    const p = await program(t.app, tenant.auth);
    const a = (
      await req('POST', `/v1/programs/${p}/members`, { externalId: 'rep-a', attributes: { city: 'Nice', vip: true } })
    ).json();
    const b = (
      await req('POST', `/v1/programs/${p}/members`, { externalId: 'rep-b', attributes: { city: 'Pau' } })
    ).json();
    const gone = (
      await req('POST', `/v1/programs/${p}/members`, { externalId: 'rep-c', attributes: { city: 'Dax' } })
    ).json();
    await req('DELETE', `/v1/members/${gone.id}`);
    const patch = (settings: object) =>
      t.app.inject({ method: 'PATCH', url: `/v1/programs/${p}`, headers: tenant.auth, payload: { settings } });
    const republished = async () =>
      (
        await t.ownerPool.query<{ member_id: string; payload: { data: unknown } }>(
          "SELECT member_id, payload FROM outbox WHERE type = 'member_updated' AND member_id = ANY($1) ORDER BY id",
          [[a.id, b.id, gone.id]],
        )
      ).rows.map((r) => [r.member_id, r.payload.data]);

    expect((await patch({ analyticsAttributes: ['vip', 'city'] })).statusCode).toBe(200);
    expect(await republished()).toEqual([
      [a.id, { birthMonth: null, attributes: { vip: true, city: 'Nice' }, changed: [] }],
      [b.id, { birthMonth: null, attributes: { city: 'Pau' }, changed: [] }],
    ]);
    // Other settings, or the same keys again: nothing to republish.
    await patch({ maxHoldDays: 10 });
    await patch({ analyticsAttributes: ['vip', 'city'] });
    expect(await republished()).toHaveLength(2);
    expect((await patch({ analyticsAttributes: ['bad key!'] })).statusCode).toBe(400);
  });
});
