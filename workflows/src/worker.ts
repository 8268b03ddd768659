import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createAnalytics, createBackgroundJobs, createPool } from '@loyalty/api/background-jobs';
import { createActivities } from './activities.ts';
import { ensureBaseSchedules } from './client.ts';
import { loadWorkerConfig, workerDatabaseUrl } from './config.ts';
import type { ScheduleSettings } from './schedules/shared.ts';

// The worker process: every loyalty workflow and activity on one task queue, and the schedules
// that replace the API's old timers (created or brought up to date at start-up). /health answers
// 200 once the worker polls, for the launcher and container health checks.

const config = loadWorkerConfig();
Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL) });
const log = Runtime.instance().logger;

const pool = createPool(workerDatabaseUrl(config), config.WORKER_DATABASE_POOL_SIZE);
const workerConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
const settings: ScheduleSettings = {
  taskQueue: config.WORKFLOWS_TASK_QUEUE,
  expiryEverySeconds: config.EXPIRY_SCHEDULE_SECONDS,
  retentionEverySeconds: config.IDEMPOTENCY_RETENTION_SCHEDULE_SECONDS,
  reconcileEverySeconds: config.SCHEDULE_RECONCILE_SECONDS,
  tierRecalcHourUtc: config.TIER_RECALC_HOUR_UTC,
  segmentRefreshEverySeconds: config.SEGMENT_REFRESH_SCHEDULE_SECONDS,
};
// Segment evaluation's ClickHouse reads, under the API's default per-query and per-tenant limits.
const analytics = config.CLICKHOUSE_URL
  ? createAnalytics({
      url: config.CLICKHOUSE_URL,
      database: config.CLICKHOUSE_DATABASE,
      limits: { maxMemoryBytes: 2 * 1024 ** 3, maxExecutionSeconds: 30, maxReportRows: 100_000 },
      perTenant: { concurrency: 4, queue: 16 },
    })
  : undefined;
if (!analytics) log.warn('no CLICKHOUSE_URL: segment refresh schedules will do nothing');

const worker = await Worker.create({
  connection: workerConnection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.WORKFLOWS_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
  activities: createActivities({
    jobs: createBackgroundJobs(pool, { idempotencyTtlHours: config.IDEMPOTENCY_TTL_HOURS, analytics }),
    client,
  }),
});

let schedulesReady = false;
const health = http.createServer((_req, res) => {
  const running = schedulesReady && worker.getState() === 'RUNNING';
  res.writeHead(running ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: worker.getState(), taskQueue: config.WORKFLOWS_TASK_QUEUE }));
});
await new Promise<void>((resolve) => health.listen(config.WORKER_HEALTH_PORT, config.METRICS_HOST, resolve));

// Worker.run installs its own SIGINT/SIGTERM handling: it stops polling, lets running
// activities finish, and resolves.
const running = worker.run();
await ensureBaseSchedules(client, settings);
schedulesReady = true;
log.info('worker started', { taskQueue: config.WORKFLOWS_TASK_QUEUE, healthPort: config.WORKER_HEALTH_PORT });

try {
  await running;
} finally {
  health.close();
  await clientConnection.close();
  await workerConnection.close();
  await pool.end();
  await analytics?.close();
}
