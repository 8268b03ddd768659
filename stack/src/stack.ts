import fs from 'node:fs';
import path from 'node:path';
import type { StackConfig } from './stack-config.ts';
import { manage, type ManagedService, type ServiceStatus } from './service.ts';
import { postgresService } from './services/postgres.ts';
import { kafkaService } from './services/kafka.ts';
import { temporalService } from './services/temporal.ts';
import { clickhouseService } from './services/clickhouse.ts';

export interface Stack {
  services: ManagedService[];
  /** The env apps need to reach every service (DATABASE_URL, KAFKA_BROKERS, ...). */
  env: Record<string, string>;
}

export function createStack(config: StackConfig): Stack {
  const definitions = [postgresService, kafkaService, temporalService, clickhouseService].map((f) => f(config));
  return {
    services: definitions.map((d) => manage(d, config)),
    env: Object.assign({}, ...definitions.map((d) => d.env)),
  };
}

export interface UpResult {
  started: string[];
  reused: string[];
}

/** An up that failed part-way; `started` lists what it did start, so a caller can undo it. */
export class StackUpError extends Error {
  readonly started: string[];

  constructor(message: string, started: string[]) {
    super(message);
    this.started = started;
  }
}

/** Brings every service up in parallel; fails with every service's error if any fails. */
export async function stackUp(stack: Stack, config: StackConfig): Promise<UpResult> {
  const outcomes = await Promise.allSettled(stack.services.map((s) => s.up()));
  const result: UpResult = { started: [], reused: [] };
  const errors: string[] = [];
  outcomes.forEach((o, i) => {
    const name = stack.services[i]!.name;
    if (o.status === 'fulfilled') result[o.value].push(name);
    else errors.push(o.reason instanceof Error ? o.reason.message : String(o.reason));
  });
  if (errors.length > 0) throw new StackUpError(errors.join('\n\n'), result.started);
  writeEnvFile(stack, config);
  return result;
}

/** Stops what the stack started (all of it, or the named services). */
export async function stackDown(stack: Stack, only?: string[]): Promise<string[]> {
  const targets = stack.services.filter((s) => !only || only.includes(s.name));
  // Apps depend on the services, not the other way round: stop in reverse start order.
  const stopped: string[] = [];
  for (const s of [...targets].reverse()) if (await s.down()) stopped.push(s.name);
  return stopped;
}

export function stackStatus(stack: Stack): Promise<ServiceStatus[]> {
  return Promise.all(stack.services.map((s) => s.status()));
}

/** `.stack/env` lets a shell (`set -a; . .stack/env`) or another tool reach the running stack. */
function writeEnvFile(stack: Stack, config: StackConfig): void {
  fs.mkdirSync(config.dir, { recursive: true });
  const lines = Object.entries(stack.env).map(([k, v]) => `${k}=${v}`);
  fs.writeFileSync(path.join(config.dir, 'env'), `${lines.join('\n')}\n`);
}
