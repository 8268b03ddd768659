import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ApiConfig } from './config.ts';
import type { ApiDeps } from './api-deps.ts';
import { createAnalytics } from './db/clickhouse.ts';
import { createPrisma } from './db/prisma.ts';
import { poolExecutor, prismaExecutor } from './http/route-context.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { frameworkErrors, MAX_PATH_PARAM_LENGTH, registerInputGuards } from './http/input-guards.ts';
import { registerMetrics } from './http/metrics.ts';
import { requestLogSerializer } from './http/request-log.ts';
import { registerOpenApi } from './http/openapi.ts';
import { registerGuideSite } from './http/guide-site.ts';
import { registerConsoleSite } from './http/console-site.ts';
import { registerAuth } from './modules/auth/auth.plugin.ts';
import { createAuthenticator } from './modules/auth/authenticate.ts';
import { createFailureThrottle, type ThrottleOptions } from './modules/auth/failure-throttle.ts';
import { createTokenService } from './modules/auth/tokens.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { apiKeysRoutes } from './modules/auth/api-keys.routes.ts';
import { rolesRoutes } from './modules/auth/roles.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { analyticsUsersRoutes } from './modules/analytics-users/analytics-users.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { createPostingBatcher } from './modules/ledger/posting-batcher.ts';
import { ledgerRoutes } from './modules/ledger/ledger.routes.ts';
import { createIdempotencyStore } from './modules/idempotency/idempotency.ts';
import { createPiiCipher } from './modules/members/pii-crypto.ts';
import { membersRoutes } from './modules/members/members.routes.ts';
import { programsRoutes } from './modules/programs/programs.routes.ts';
import { reportsRoutes } from './modules/reports/reports.routes.ts';
import { tenantsRoutes } from './modules/tenants/tenants.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { rulesRoutes } from './modules/rules/rules.routes.ts';
import { tiersRoutes } from './modules/tiers/tiers.routes.ts';
import { rewardsRoutes } from './modules/rewards/rewards.routes.ts';
import { segmentsRoutes } from './modules/segments/segments.routes.ts';
import { segmentEvaluationRoutes } from './modules/segments/segment-evaluation.routes.ts';
import { campaignsRoutes } from './modules/campaigns/campaigns.routes.ts';
import {
  noCampaignLifecycleNotifier,
  type CampaignLifecycleNotifier,
} from './modules/campaigns/campaign-lifecycle-notifier.ts';
import { transactionsRoutes } from './modules/transactions/transactions.routes.ts';

const MINUTE_MS = 60_000;
const throttleAfter = (freeFailures: number, windowMs: number): ThrottleOptions => ({
  freeFailures,
  windowMs,
  baseBlockMs: 1_000,
  maxBlockMs: 15 * MINUTE_MS,
  maxEntries: 100_000,
});

export interface AppOptions {
  config: ApiConfig;
  pool: pg.Pool;
  /** server.ts gives the Temporal one; without it, the worker's reconcile starts campaign lifecycles. */
  campaignLifecycle?: CampaignLifecycleNotifier;
}

/** Builds the app without listening: server.ts listens, tests use `inject`. */
export async function buildApp({ config, pool, campaignLifecycle }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.LOG_LEVEL, serializers: { req: requestLogSerializer } },
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    trustProxy: config.TRUST_PROXY,
    frameworkErrors,
  });
  app.decorate(
    'idempotency',
    createIdempotencyStore({
      masterKey: Buffer.from(config.MEMBER_PII_KEY, 'base64'),
      ttlSeconds: config.IDEMPOTENCY_TTL_HOURS * 3600,
    }),
  );
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => void reply.header('x-request-id', req.id));

  const prisma = await createPrisma(pool);
  const deps: ApiDeps = {
    pool,
    prisma,
    tokens: createTokenService(
      config.AUTH_TOKEN_SECRET,
      config.ACCESS_TOKEN_TTL_SECONDS,
      config.AUTH_TOKEN_PREVIOUS_SECRET,
    ),
    pii: createPiiCipher(config.MEMBER_PII_KEY),
    sql: poolExecutor(pool),
    config: prismaExecutor(prisma),
    loginFailures: {
      account: createFailureThrottle(throttleAfter(config.LOGIN_FAILURES_PER_ACCOUNT, 15 * MINUTE_MS)),
      address: createFailureThrottle(throttleAfter(config.LOGIN_FAILURES_PER_ADDRESS, 15 * MINUTE_MS)),
    },
    postings: createPostingBatcher(pool, { lanes: config.LEDGER_BATCH_LANES, maxBatch: config.LEDGER_BATCH_MAX }),
    analytics: createAnalytics(
      config.CLICKHOUSE_URL
        ? {
            url: config.CLICKHOUSE_URL,
            database: config.CLICKHOUSE_DATABASE,
            limits: {
              maxMemoryBytes: config.ANALYTICS_QUERY_MEMORY_BYTES,
              maxExecutionSeconds: config.ANALYTICS_QUERY_SECONDS,
              maxReportRows: config.ANALYTICS_REPORT_MAX_ROWS,
            },
            perTenant: { concurrency: config.ANALYTICS_TENANT_CONCURRENCY, queue: config.ANALYTICS_TENANT_QUEUE },
          }
        : undefined,
    ),
    campaignLifecycle: campaignLifecycle ?? noCampaignLifecycleNotifier,
  };
  app.addHook('onClose', async () => {
    await deps.postings.close();
    await deps.analytics.close();
    await prisma.$disconnect();
  });

  registerErrorHandling(app);
  registerInputGuards(app);
  await registerOpenApi(app);
  await registerAuth(app, {
    authenticate: createAuthenticator({ pool, tokens: deps.tokens }),
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    credentialFailures: createFailureThrottle(throttleAfter(config.AUTH_FAILURES_PER_ADDRESS, MINUTE_MS)),
  });
  registerMetrics(app);
  await registerGuideSite(app, config.GUIDE_SITE_DIR);
  await registerConsoleSite(app, config.CONSOLE_SITE_DIR);

  for (const routes of [
    healthRoutes,
    tenantsRoutes,
    authRoutes,
    usersRoutes,
    rolesRoutes,
    apiKeysRoutes,
    auditRoutes,
    programsRoutes,
    membersRoutes,
    ledgerRoutes,
    rulesRoutes,
    tiersRoutes,
    rewardsRoutes,
    segmentsRoutes,
    segmentEvaluationRoutes,
    campaignsRoutes,
    transactionsRoutes,
  ]) {
    await app.register(routes(deps));
  }
  await app.register(reportsRoutes(deps));
  await app.register(analyticsUsersRoutes(deps, config));
  return app;
}
