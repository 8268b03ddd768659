import path from 'node:path';
import type { StackConfig } from './stack-config.ts';
import { runningPid, startDetached, stopProcessGroup, type DetachedProcess } from './process-control.ts';
import { waitUntilReady } from './readiness.ts';

export type ServiceState = 'running' | 'stopped' | 'external' | 'foreign';

export interface ServiceStatus {
  name: string;
  state: ServiceState;
  env: Record<string, string>;
  pid?: number;
  detail?: string;
}

/**
 * One local service. `external` means an env URL points elsewhere, so nothing is started
 * or stopped; `foreign` means something not started by the stack already answers on the port
 * (it is used as is and never stopped).
 */
export interface ServiceDefinition {
  name: string;
  /** The env vars apps use to reach it (DATABASE_URL, ...). */
  env: Record<string, string>;
  external: boolean;
  /** A real readiness check: a query, a metadata call, a health RPC. */
  probe(): Promise<void>;
  /** Checks prerequisites and prepares data dirs (initdb, storage format); idempotent. */
  prepare(): Promise<void>;
  process(): Omit<DetachedProcess, 'name' | 'logFile' | 'pidFile'>;
  /** Runs once the service answers, whether this call started it or not (create a database...). */
  afterUp?(): Promise<void>;
  stopSignal?: NodeJS.Signals;
  startTimeoutMs: number;
}

export interface ManagedService {
  name: string;
  status(): Promise<ServiceStatus>;
  /** Resolves once the service answers its probe; 'started' only when this call started it. */
  up(): Promise<'started' | 'reused'>;
  /** Stops the service if the stack started it; returns whether it stopped something. */
  down(): Promise<boolean>;
}

export function manage(def: ServiceDefinition, config: StackConfig): ManagedService {
  const pidFile = path.join(config.runDir, `${def.name}.pid`);
  const logFile = path.join(config.logsDir, `${def.name}.log`);
  const answers = () =>
    def.probe().then(
      () => true,
      () => false,
    );

  async function status(): Promise<ServiceStatus> {
    const base = { name: def.name, env: def.env };
    if (def.external) {
      const ok = await answers();
      return { ...base, state: 'external', detail: ok ? 'healthy' : 'not answering' };
    }
    const pid = runningPid(pidFile);
    if (pid !== undefined) {
      const ok = await answers();
      return { ...base, state: 'running', pid, detail: ok ? 'healthy' : `starting or unhealthy (log: ${logFile})` };
    }
    if (await answers()) return { ...base, state: 'foreign', detail: 'answering, not started by the stack' };
    return { ...base, state: 'stopped' };
  }

  async function up(): Promise<'started' | 'reused'> {
    const outcome = await bringUp();
    await def.afterUp?.();
    return outcome;
  }

  async function bringUp(): Promise<'started' | 'reused'> {
    const waitOpts = { name: def.name, logFile, timeoutMs: def.startTimeoutMs };
    if (def.external) {
      // Nothing to wait for but the network: an external service gets a shorter grace period.
      await waitUntilReady(def.probe, {
        ...waitOpts,
        logFile: undefined,
        timeoutMs: Math.min(def.startTimeoutMs, 15_000),
      });
      return 'reused';
    }
    const running = runningPid(pidFile);
    if (running !== undefined) {
      await waitUntilReady(def.probe, { ...waitOpts, stillRunning: () => runningPid(pidFile) !== undefined });
      return 'reused';
    }
    if (await answers()) return 'reused';
    await def.prepare();
    startDetached({ ...def.process(), name: def.name, logFile, pidFile });
    await waitUntilReady(def.probe, { ...waitOpts, stillRunning: () => runningPid(pidFile) !== undefined });
    return 'started';
  }

  async function down(): Promise<boolean> {
    if (def.external) return false;
    const pid = runningPid(pidFile);
    if (pid === undefined) return false;
    await stopProcessGroup(pid, def.stopSignal);
    runningPid(pidFile);
    return true;
  }

  return { name: def.name, status, up, down };
}
