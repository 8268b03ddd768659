import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { tablesHolding } from '@loyalty/clickhouse/testing/find-values';
import { apiKey, member, onboard, program } from '../../api/src/testing/test-app.ts';
import type { ConsumedMessage } from './kafka/kafka-client.ts';
import { metricValue, startRelay, startSink } from './testing/pipeline-harness.ts';
import { readTopic, uniqueTopic, waitFor } from './testing/stack-fixtures.ts';
import { usePipelineFixture } from './testing/pipeline-fixture.ts';

// Erasure end to end, on the real API, relay, Kafka, sink and ClickHouse. A member whose
// external id is an e-mail, with a personal attribute and one the program declares free of
// personal data: the e-mail and the personal attribute never leave Postgres (no ClickHouse
// table, no Kafka message holds them); the declared attribute reaches ClickHouse, where
// segments need it. Once the member is deleted, no ClickHouse table holds anything of its
// profile, while its postings stay (accounting) under its UUID.

const fx = usePipelineFixture('erasure');
const { kafka, running } = fx;

async function memberFeatures(memberId: string) {
  const rs = await fx.ch.client.query({
    query: 'SELECT attributes FROM member_features_v WHERE member_id = {m:UUID}',
    query_params: { m: memberId },
    format: 'JSONEachRow',
  });
  return rs.json<{ attributes: string }>();
}

const carries = (messages: ConsumedMessage[], needles: string[]) =>
  needles.filter((n) => messages.some((m) => m.value?.toString('utf8').includes(n)));

it("keeps a member's personal data out of Kafka and ClickHouse, and erases its profile there on deletion", async () => {
  const topic = uniqueTopic();
  running.push(await startRelay(kafka, topic));
  const sink = await startSink(kafka, topic, fx.ch.database);
  running.push(sink);

  const tag = randomBytes(4).toString('hex');
  const externalId = `ada.lovelace.${tag}@example.com`;
  const email = `ada.${tag}@example.org`;
  const drink = `cortado-${tag}`;
  const allergy = `peanuts-${tag}`;
  const session = await onboard(fx.t.app);
  const key = await apiKey(fx.t.app, session, ['programs:write', 'members:write', 'points:earn']);
  const programId = await program(fx.t.app, key.auth, { analyticsAttributes: ['favouriteDrink'] });
  const id = await member(fx.t.app, key.auth, programId, {
    externalId,
    email,
    name: 'Ada Lovelace',
    birthday: '1990-12-10',
    attributes: { favouriteDrink: drink, allergy },
  });
  const earn = await fx.t.app.inject({
    method: 'POST',
    url: `/v1/members/${id}/points/earn`,
    headers: key.auth,
    payload: { points: 100 },
  });
  expect(earn.statusCode).toBe(201);

  // The declared attribute arrived: segment conditions on it work.
  await waitFor(
    'the member in ClickHouse',
    () => memberFeatures(id),
    (rows) => rows.length === 1,
    30_000,
    100,
  );
  expect(JSON.parse((await memberFeatures(id))[0]!.attributes)).toEqual({ favouriteDrink: drink });
  const personal = [externalId, email, allergy, 'Ada Lovelace'];
  expect(await tablesHolding(fx.ch.client, fx.ch.database, personal)).toEqual({});
  // The scan does see a value where it is, aggregate states included.
  expect(await tablesHolding(fx.ch.client, fx.ch.database, [drink])).toEqual({
    events: [drink],
    members: [drink],
    member_segment_features: [drink],
  });
  const created = await readTopic(kafka, topic, (all) => all.some((m) => m.key?.toString() === id));
  expect(carries(created, personal)).toEqual([]);

  expect((await fx.t.app.inject({ method: 'DELETE', url: `/v1/members/${id}`, headers: key.auth })).statusCode).toBe(
    204,
  );
  // The sink sees member_deleted and has ClickHouse rewrite what it held.
  await waitFor(
    'the erasure in ClickHouse',
    () => tablesHolding(fx.ch.client, fx.ch.database, [...personal, drink]),
    (found) => Object.keys(found).length === 0,
    30_000,
    200,
  );
  expect(await metricValue(sink.registry, 'sink_members_erased_total')).toBeGreaterThanOrEqual(1);
  // The values are gone from what queries read; the rewrite of the parts on disk finishes behind.
  const pendingMutations = async () => {
    const pending = await fx.ch.client.query({
      query: 'SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND NOT is_done',
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    return ((await pending.json()) as { n: number }[])[0]!.n;
  };
  await waitFor('the mutations to finish', pendingMutations, (n) => n === 0, 30_000, 200);

  // What stays: the member as deleted (counts, no features), its posting under its UUID.
  const kept = await fx.ch.client.query({
    query: `SELECT (SELECT groupArray(deleted) FROM members WHERE member_id = {m:UUID}) AS member_rows,
                   (SELECT count() FROM ledger_entries FINAL WHERE member_id = {m:UUID}) AS postings,
                   (SELECT countIf(type = 'member_created') FROM events FINAL WHERE member_id = {m:UUID}) AS created`,
    query_params: { m: id },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  expect(await kept.json()).toEqual([{ member_rows: [1], postings: 1, created: 1 }]);
  expect(await memberFeatures(id)).toEqual([]);

  // Kafka keeps its messages for days and cannot erase one: none of them held anything personal
  // (the declared attribute is, by the program's declaration, not personal).
  const all = await readTopic(kafka, topic, (msgs) =>
    msgs.some((m) => m.key?.toString() === id && m.value?.toString().includes('"member_deleted"')),
  );
  expect(carries(all, personal)).toEqual([]);
});
