import type pg from 'pg';
import type { Analytics } from './db/clickhouse.ts';
import type { Prisma, PrismaTx } from './db/prisma.ts';
import type { Executor } from './http/route-context.ts';
import type { TokenService } from './modules/auth/tokens.ts';
import type { FailureThrottle } from './modules/auth/failure-throttle.ts';
import type { PiiCipher } from './modules/members/pii-crypto.ts';
import type { PostingExecutor } from './modules/ledger/posting-batcher.ts';
import type { CampaignLifecycleNotifier } from './modules/campaigns/campaign-lifecycle-notifier.ts';

/** What route modules receive from app.ts. */
export interface ApiDeps {
  pool: pg.Pool;
  prisma: Prisma;
  tokens: TokenService;
  pii: PiiCipher;
  /** Tenant transactions on the pool, for the SQL modules (members, ledger reads). */
  sql: Executor<pg.PoolClient>;
  /** Tenant transactions through Prisma, for the configuration modules. */
  config: Executor<PrismaTx>;
  /** The group-committing executor of the hot posting path. */
  postings: PostingExecutor;
  /** Failed logins, per account and per client address. */
  loginFailures: { account: FailureThrottle; address: FailureThrottle };
  /** ClickHouse, for reports and segment evaluation. */
  analytics: Analytics;
  /** Starts and signals campaign lifecycle workflows after campaign changes commit. */
  campaignLifecycle: CampaignLifecycleNotifier;
}
