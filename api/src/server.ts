import { buildApp } from './app.ts';
import { appDatabaseUrl, loadApiConfig } from './config.ts';
import { createPool } from './db/pool.ts';

// Background work (points expiry, hold deadlines, Idempotency-Key retention) runs on Temporal
// schedules in the worker (workflows/src/worker.ts), not here.

const config = loadApiConfig();
const pool = createPool(appDatabaseUrl(config), config.DATABASE_POOL_SIZE);
const app = await buildApp({ config, pool });

// Drain in-flight requests (and the posting batcher) before the pool closes, so nothing
// acknowledged is cut off.
async function shutdown(signal: string): Promise<void> {
  app.log.info({ signal }, 'shutting down');
  await app.close();
  await pool.end();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ host: config.API_HOST, port: config.API_PORT });
