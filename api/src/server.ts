import { buildApp } from './app.ts';
import { loadApiConfig } from './config.ts';
import { createPool } from './db/pool.ts';

const config = loadApiConfig();
const pool = createPool(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
const app = await buildApp({ config, pool });

// Drain in-flight requests before the pool closes, so nothing acknowledged is cut off.
async function shutdown(signal: string): Promise<void> {
  app.log.info({ signal }, 'shutting down');
  await app.close();
  await pool.end();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ host: config.API_HOST, port: config.API_PORT });
