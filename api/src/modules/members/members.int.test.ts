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

  it('writes member events without personal data', async () => {
    const m = (await create({ externalId: 'evt-1', email: 'evt@example.com', birthday: '2000-12-01' })).json();
    await req('PATCH', `/v1/members/${m.id}`, { name: 'New' });
    await req('DELETE', `/v1/members/${m.id}`);
    const { rows } = await t.ownerPool.query('SELECT type, payload FROM outbox WHERE member_id = $1 ORDER BY id', [
      m.id,
    ]);
    expect(rows.map((r) => r.type)).toEqual(['member_created', 'member_updated', 'member_deleted']);
    expect(rows[0].payload.data).toEqual({ externalId: 'evt-1', birthMonth: 12, attributes: {} });
    expect(JSON.stringify(rows)).not.toContain('evt@example.com');
  });
});
