import { sleep, tailOf } from './process-control.ts';

export interface WaitOptions {
  name: string;
  logFile?: string;
  timeoutMs: number;
  /** When it returns false the process has died: stop waiting at once. */
  stillRunning?: () => boolean;
}

/** Polls a readiness probe until it succeeds; the error names the service and shows its log. */
export async function waitUntilReady(probe: () => Promise<unknown>, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (err) {
      lastError = err;
    }
    if (opts.stillRunning && !opts.stillRunning()) {
      throw notReady(opts, 'its process exited', lastError);
    }
    await sleep(250);
  }
  throw notReady(opts, `it was not ready after ${Math.round(opts.timeoutMs / 1000)} s`, lastError);
}

function notReady(opts: WaitOptions, why: string, lastError: unknown): Error {
  const reason = lastError instanceof Error ? lastError.message : String(lastError ?? '');
  const log = opts.logFile ? `\nlog: ${opts.logFile}\n${tailOf(opts.logFile)}` : '';
  return new Error(`${opts.name} failed to start: ${why} (last probe error: ${reason})${log}`);
}
