import { randomInt, randomUUID } from 'node:crypto';
import { autocannon } from './autocannon.ts';

// Drives POST /v1/members/:id/points/earn over keep-alive connections: each request a random
// member, 1..100 points and its own Idempotency-Key. Every request is written down before it is
// sent and struck off when its answer arrives, so the points acknowledged with 201 are known
// exactly, which the ledger check after the run compares with the database.

export interface SentEarn {
  path: string;
  body: string;
  /** Known when sent (an earn), or null: read from the answer (a purchase's points). */
  points: number | null;
}

/** What the load sends: an earn of 1..100 points by default, or a purchase through the transaction endpoint. */
export interface LoadRequest {
  build(memberId: string): SentEarn;
  /** Points acknowledged by a 201 answer whose request did not know them. */
  pointsOf?(body: string): number;
}

export const earnRequest: LoadRequest = {
  build(memberId) {
    const points = randomInt(1, 101);
    return { path: `/v1/members/${memberId}/points/earn`, body: JSON.stringify({ points }), points };
  },
};

const pointsAnswered = (request: LoadRequest, sent: SentEarn, body: string) => sent.points ?? request.pointsOf!(body);

/** What the API acknowledged over the whole run (warm-up included), and what is still unanswered. */
export interface EarnTally {
  acknowledged: number;
  acknowledgedPoints: number;
  /** By Idempotency-Key: sent, no answer yet (or never: cut off when the load stopped, timed out). */
  unanswered: Map<string, SentEarn>;
}

export function createTally(): EarnTally {
  return { acknowledged: 0, acknowledgedPoints: 0, unanswered: new Map() };
}

export interface LoadOptions {
  baseUrl: string;
  apiKey: string;
  memberIds: string[];
  connections: number;
  durationSec: number;
  tally: EarnTally;
  request?: LoadRequest;
}

export interface LoadResult {
  durationSec: number;
  /** 201 answers in this phase. */
  ok: number;
  /** Latencies of the 201 answers, ms. */
  latenciesMs: Float64Array;
  /** Other answers by status, with one body to show why. */
  non201: Map<number, { count: number; sample: string }>;
  /** Socket errors and timeouts (no answer at all). */
  errors: number;
  timeouts: number;
}

export async function runEarnLoad(opts: LoadOptions): Promise<LoadResult> {
  const { tally, memberIds } = opts;
  const request = opts.request ?? earnRequest;
  if (memberIds.length === 0) throw new Error('no members to earn for');
  const auth = `Bearer ${opts.apiKey}`;
  let ok = 0;
  const latencies: number[] = [];
  const non201 = new Map<number, { count: number; sample: string }>();

  const instance = autocannon({
    url: opts.baseUrl,
    connections: opts.connections,
    duration: opts.durationSec,
    // One request in flight per connection: that is what makes `context` name the request answered.
    pipelining: 1,
    // Generous, so a slow commit shows up as latency rather than as a dropped request.
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest(req, context) {
          const sent = request.build(memberIds[randomInt(memberIds.length)]!);
          const key = randomUUID();
          tally.unanswered.set(key, sent);
          context.key = key;
          return {
            ...req,
            path: sent.path,
            body: sent.body,
            headers: { 'content-type': 'application/json', authorization: auth, 'idempotency-key': key },
          };
        },
        onResponse(status, body, context) {
          const key = context.key as string;
          const sent = tally.unanswered.get(key);
          tally.unanswered.delete(key);
          if (status === 201 && sent) {
            ok += 1;
            tally.acknowledged += 1;
            tally.acknowledgedPoints += pointsAnswered(request, sent, body);
            return;
          }
          const seen = non201.get(status);
          if (seen) seen.count += 1;
          else non201.set(status, { count: 1, sample: body.slice(0, 300) });
        },
      },
    ],
  });
  // autocannon's own histogram keeps whole milliseconds; the raw per-response time is finer.
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status === 201) latencies.push(ms);
  });
  const result = await instance;
  return {
    durationSec: result.duration,
    ok,
    latenciesMs: Float64Array.from(latencies),
    non201,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

export interface SettleOutcome {
  /** Had committed before the load stopped: the replay returned the stored 201. */
  committedEarlier: number;
  /** Had not committed (or never reached the API): applied now. */
  appliedNow: number;
  failed: number;
}

/**
 * Stopping the load cuts off the requests in flight: the API may have committed them without the
 * answer reaching us. Re-sending each with its Idempotency-Key settles it either way (a replay of
 * the stored 201, or a first application), so the acknowledged total is exact again.
 */
export async function settleUnanswered(
  baseUrl: string,
  apiKey: string,
  tally: EarnTally,
  request: LoadRequest = earnRequest,
  concurrency = 8,
): Promise<SettleOutcome> {
  const outcome: SettleOutcome = { committedEarlier: 0, appliedNow: 0, failed: 0 };
  const pending = [...tally.unanswered.entries()];
  const worker = async () => {
    for (let item = pending.shift(); item; item = pending.shift()) {
      const [key, sent] = item;
      const res = await fetch(`${baseUrl}${sent.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, 'idempotency-key': key },
        body: sent.body,
      });
      const body = await res.text();
      tally.unanswered.delete(key);
      // A resent purchase answers 200 with the first result when its first attempt committed.
      if (res.status !== 201 && !(res.status === 200 && sent.points === null)) {
        outcome.failed += 1;
        continue;
      }
      tally.acknowledged += 1;
      tally.acknowledgedPoints += pointsAnswered(request, sent, body);
      if (res.headers.get('idempotent-replayed') === 'true' || res.status === 200) outcome.committedEarlier += 1;
      else outcome.appliedNow += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcome;
}
