import type { LogLevel } from '../logger.ts';

// The level a kafkajs log line deserves in our logs. kafkajs logs every failed response at
// error level, including the answers a healthy cluster gives while it settles: a fresh broker
// creates its offsets and transaction topics on first use ("The group coordinator is not
// available", "The coordinator is loading..."), a new topic elects its leaders, and a group
// rebalances whenever a member joins or leaves. kafkajs retries all of these by itself, and
// when the retries run out it logs the crash at error level, so lowering these lines hides
// nothing that lasts.

export type KafkaLogLevel = Exclude<LogLevel, 'silent'>;

/** The broker's answers (kafkajs protocol/error.js) for cluster states that pass on their own. */
const SETTLING_ANSWERS = [
  'The group coordinator is not available', // GROUP_COORDINATOR_NOT_AVAILABLE: offsets topic not there yet
  "The coordinator is loading and hence can't process requests", // GROUP_LOAD_IN_PROGRESS
  'This is not the correct coordinator for this group', // NOT_COORDINATOR_FOR_GROUP: it moved
  'There is no leader for this topic-partition as we are in the middle of a leadership election', // LEADER_NOT_AVAILABLE
  'This server is not the leader for that topic-partition', // NOT_LEADER_FOR_PARTITION: stale metadata
  'This server does not host this topic-partition', // UNKNOWN_TOPIC_OR_PARTITION: just created
  'The group is rebalancing, so a rejoin is needed', // REBALANCE_IN_PROGRESS
];

/** kafkajs' own lines about the same states (the consumer runner's). */
const SETTLING_MESSAGES = ['The group is rebalancing, re-joining'];

/**
 * Said once per producer start, about a choice made on purpose (bounded retries, so a relay
 * whose sends keep failing steps down; see createProducer in kafka-client.ts).
 */
const DELIBERATE_WARNINGS = ['Limiting retries for the idempotent producer may invalidate EoS guarantees'];

/**
 * `error` is the broker's answer that kafkajs' connection attaches to a failed "Response ..."
 * line. Only those answers and the runner's own rebalancing line are lowered: a crash after the
 * retries ran out quotes the same words in its message, and stays an error.
 */
export function kafkaLogLevel(level: KafkaLogLevel, message: string, error?: unknown): KafkaLogLevel {
  if (level !== 'error' && level !== 'warn') return level;
  if (typeof error === 'string' && SETTLING_ANSWERS.some((a) => error.startsWith(a))) return 'info';
  if (SETTLING_MESSAGES.includes(message)) return 'info';
  if (DELIBERATE_WARNINGS.includes(message)) return 'debug';
  return level;
}
