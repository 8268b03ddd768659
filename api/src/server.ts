import { buildApp } from './app.ts';
import { appDatabaseUrl, loadApiConfig } from './config.ts';
import { createPool } from './db/pool.ts';
import { startExpirySweeper } from './modules/ledger/expiry-sweeper.ts';
import { createLedgerService } from './modules/ledger/ledger.service.ts';
import { startIdempotencyPurge } from './modules/idempotency/idempotency-purge.ts';

// Keys live for hours; a purge every ten minutes keeps the table near its live size.
const IDEMPOTENCY_PURGE_SECONDS = 600;

const config = loadApiConfig();
const pool = createPool(appDatabaseUrl(config), config.DATABASE_POOL_SIZE);
const app = await buildApp({ config, pool });
const stopSweeper =
  config.EXPIRY_SWEEP_SECONDS > 0
    ? startExpirySweeper({ pool, ledger: createLedgerService(), log: app.log }, config.EXPIRY_SWEEP_SECONDS)
    : () => undefined;
const stopPurge = startIdempotencyPurge({ pool, store: app.idempotency, log: app.log }, IDEMPOTENCY_PURGE_SECONDS);

// Drain in-flight requests (and the posting batcher) before the pool closes, so nothing
// acknowledged is cut off.
async function shutdown(signal: string): Promise<void> {
  app.log.info({ signal }, 'shutting down');
  stopSweeper();
  stopPurge();
  await app.close();
  await pool.end();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ host: config.API_HOST, port: config.API_PORT });
