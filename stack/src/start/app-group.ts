import type { AppProcess } from './app-process.ts';

// The processes `npm start` runs, stopped together: on Ctrl-C (or SIGTERM, or a closed
// terminal), or when one app dies, since a half-running platform is worse than a clear exit.
// The apps run in their own process groups, so the launcher's signal handlers are the only way
// a signal reaches them, and each gets it once.

export interface AppGroup {
  add(app: AppProcess): void;
  stop(signal: NodeJS.Signals): void;
  /** True once a stop was asked for, by a signal or by `stop`. */
  stopping(): boolean;
  /** The first of the apps given to exit, with its code. */
  firstExit(apps: AppProcess[]): Promise<{ app: AppProcess; code: number }>;
  /** Resolves when every process of the group has exited. */
  allExited(): Promise<void>;
}

export function createAppGroup(): AppGroup {
  const members: AppProcess[] = [];
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const m of members) m.stop(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGTERM'));
  return {
    add: (app) => void members.push(app),
    stop,
    stopping: () => stopping,
    firstExit: (apps) => Promise.race(apps.map((app) => app.exited.then((code) => ({ app, code })))),
    allExited: async () => void (await Promise.all(members.map((m) => m.exited))),
  };
}
