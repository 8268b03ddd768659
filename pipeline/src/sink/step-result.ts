// What a processing step says about one message. A bad message is data, not an exception:
// `drop` skips it (nothing to keep), `dlq` parks it on the dead-letter topic with the reason.
// Only infrastructure failures throw, so the whole batch is retried.

export type StepResult<T> =
  { kind: 'ok'; value: T } | { kind: 'drop'; reason: string } | { kind: 'dlq'; reason: string; error: unknown };

export const ok = <T>(value: T): StepResult<T> => ({ kind: 'ok', value });
export const drop = (reason: string): StepResult<never> => ({ kind: 'drop', reason });
export const dlq = (reason: string, error: unknown): StepResult<never> => ({ kind: 'dlq', reason, error });

/** Runs the next step only on `ok`; a drop or dlq short-circuits the chain. (Not named `then`:
 * a module exporting `then` is a thenable, and `await import()` of it never settles.) */
export function andThen<A, B>(result: StepResult<A>, step: (value: A) => StepResult<B>): StepResult<B> {
  return result.kind === 'ok' ? step(result.value) : result;
}

/** A short, single-line description of why, for a Kafka header. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  return (text ?? String(error)).replace(/\s+/g, ' ').slice(0, 1000);
}
