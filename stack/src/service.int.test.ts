import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadStackConfig } from './stack-config.ts';
import { manage, type ServiceDefinition } from './service.ts';

// The launcher's lifecycle rules, exercised with a real tiny HTTP service process.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-test-'));
const config = loadStackConfig({ LOYALTY_STACK_DIR: dir });
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function probeHttp(port: number) {
  return () =>
    new Promise<void>((resolve, reject) => {
      http
        .get(
          `http://127.0.0.1:${port}/`,
          (res) => (res.resume(), res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))),
        )
        .on('error', reject);
    });
}

function definition(port: number, overrides: Partial<ServiceDefinition> = {}): ServiceDefinition {
  return {
    name: `echo-${port}`,
    env: { ECHO_URL: `http://127.0.0.1:${port}` },
    external: false,
    startTimeoutMs: 10_000,
    probe: probeHttp(port),
    prepare: async () => undefined,
    process: () => ({
      command: process.execPath,
      args: [
        '-e',
        `require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1'); console.log('listening')`,
      ],
    }),
    ...overrides,
  };
}

describe('a managed service', () => {
  it('starts once, is reused by a second up, and stops on down', async () => {
    const port = await freePort();
    const svc = manage(definition(port), config);
    cleanups.push(() => svc.down());
    expect((await svc.status()).state).toBe('stopped');
    expect(await svc.up()).toBe('started');
    const running = await svc.status();
    expect(running).toMatchObject({ state: 'running', detail: 'healthy' });
    expect(await svc.up()).toBe('reused');
    expect((await svc.status()).pid).toBe(running.pid);
    expect(await svc.down()).toBe(true);
    expect((await svc.status()).state).toBe('stopped');
    expect(await svc.down()).toBe(false);
  });

  it('uses, and never stops, something it did not start that answers on the port', async () => {
    const port = await freePort();
    const foreign = http.createServer((_q, s) => s.end('ok')).listen(port, '127.0.0.1');
    cleanups.push(() => new Promise((r) => foreign.close(r)));
    const svc = manage(definition(port), config);
    expect(await svc.up()).toBe('reused');
    expect((await svc.status()).state).toBe('foreign');
    expect(await svc.down()).toBe(false);
    await expect(probeHttp(port)()).resolves.toBeUndefined();
  });

  it('never starts a service given by an external URL, and fails clearly when it does not answer', async () => {
    const port = await freePort();
    const svc = manage(
      definition(port, {
        external: true,
        startTimeoutMs: 1_000,
        process: () => {
          throw new Error('must not start');
        },
      }),
      config,
    );
    await expect(svc.up()).rejects.toThrow(/failed to start/);
    expect(await svc.status()).toMatchObject({ state: 'external', detail: 'not answering' });
  });

  it('reports a process that dies during start-up with the tail of its log', async () => {
    const port = await freePort();
    const svc = manage(
      definition(port, {
        process: () => ({
          command: process.execPath,
          args: ['-e', "console.error('boom: bad config'); process.exit(3)"],
        }),
      }),
      config,
    );
    const error = await svc.up().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/its process exited/);
    expect(error?.message).toContain(path.join(dir, 'logs', `echo-${port}.log`));
    expect(error?.message).toContain('boom: bad config');
  });
});
