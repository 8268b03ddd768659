import { buildApp } from './app.ts';
import { appDatabaseUrl, loadApiConfig } from './config.ts';
import { createPool } from './db/pool.ts';
import { createTemporalLifecycleNotifier } from '@loyalty/workflows/lifecycle-notifier';

// Background work (points expiry, hold deadlines, Idempotency-Key retention) runs on Temporal
// schedules in the worker (workflows/src/worker.ts), not here.

const config = loadApiConfig();
const pool = createPool(appDatabaseUrl(config), config.DATABASE_POOL_SIZE);
let warn: (fields: object, message: string) => void = () => undefined;
const campaignLifecycle = config.TEMPORAL_ADDRESS
  ? createTemporalLifecycleNotifier({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.WORKFLOWS_TASK_QUEUE,
      warn: (fields, message) => warn(fields, message),
    })
  : undefined;
const app = await buildApp({ config, pool, campaignLifecycle });
warn = (fields, message) => app.log.warn(fields, message);

// Drain in-flight requests (and the posting batcher) before the pool closes, so nothing
// acknowledged is cut off.
async function shutdown(signal: string): Promise<void> {
  app.log.info({ signal }, 'shutting down');
  await app.close();
  await campaignLifecycle?.close();
  await pool.end();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ host: config.API_HOST, port: config.API_PORT });
