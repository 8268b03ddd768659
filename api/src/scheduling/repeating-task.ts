import type { FastifyBaseLogger } from 'fastify';

// The API's own background chores (until Temporal schedules them): one run at a time, a failed
// run logged and retried at the next tick, and a timer that never keeps the process alive.

export function startRepeatingTask(
  name: string,
  task: () => Promise<void>,
  intervalSeconds: number,
  log: FastifyBaseLogger,
): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await task();
    } catch (err) {
      log.error({ err }, `${name} failed; retrying next tick`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
