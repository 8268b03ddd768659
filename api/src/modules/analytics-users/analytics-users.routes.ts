import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  analyticsUserCredentialsSchema,
  analyticsUserParamsSchema,
  analyticsUserSchema,
  createAnalyticsUserBodySchema,
  cursorQuerySchema,
  pageSchema,
} from '@loyalty/shared';
import { oldestFirst, pageOfSorted } from '../../http/cursor.ts';
import { mutate, read } from '../../http/route-context.ts';
import { analyticsUnavailable, noContent, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import type { ApiConfig } from '../../config.ts';
import { createAnalyticsUsersService } from './analytics-users.service.ts';

/** The API's own ClickHouse user (and `default`) must keep seeing every row once policies exist. */
function serviceUsers(config: ApiConfig): string[] {
  const own = config.CLICKHOUSE_URL ? decodeURIComponent(new URL(config.CLICKHOUSE_URL).username) : '';
  return [...new Set([own || 'default', 'default'])];
}

export function analyticsUsersRoutes(deps: ApiDeps, config: ApiConfig) {
  const users = createAnalyticsUsersService(
    {
      mode: config.CLICKHOUSE_ACCESS_MANAGEMENT,
      database: config.CLICKHOUSE_DATABASE,
      publicUrl: config.CLICKHOUSE_PUBLIC_URL ?? null,
      serviceUsers: serviceUsers(config),
    },
    deps.analytics,
  );
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['analytics access'];

    app.get(
      '/v1/analytics/users',
      {
        config: { auth: 'analytics_users:read' },
        schema: {
          operationId: 'listAnalyticsUsers',
          tags,
          summary: "Your data teams' ClickHouse users",
          description:
            'The ClickHouse users made for your data teams, oldest first, revoked ones included (with revokedAt); never their passwords. Needs `analytics_users:read`.',
          querystring: cursorQuerySchema,
          response: responses({ 200: pageSchema(analyticsUserSchema) }),
        },
      },
      (req) => read(deps.sql, req, async (tx) => pageOfSorted(await users.list(tx), req.query, oldestFirst())),
    );

    app.post(
      '/v1/analytics/users',
      {
        config: { auth: 'analytics_users:write', idempotent: true },
        schema: {
          operationId: 'createAnalyticsUser',
          tags,
          summary:
            "Create a read-only ClickHouse user that sees only your tenant's rows (owner only; the password is shown once)",
          description:
            "Creates a read-only ClickHouse user that sees only your tenant's rows and answers its password once, with connection examples; a replay with the same Idempotency-Key answers `password: null`. Needs `analytics_users:write`, which among the predefined roles only the owner holds. Where the ClickHouse server manages access the user exists at once (`provisioned: true`); on the embedded engine it is only recorded.",
          body: createAnalyticsUserBodySchema,
          response: responses({ 201: analyticsUserCredentialsSchema, 503: analyticsUnavailable }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.sql, async (tx, p) => {
          const created = await users.create(tx, p, req.body.name);
          // The password is shown once: an idempotent replay answers without it, and it is never stored.
          return { status: 201, body: created, replayBody: { ...created, password: null } };
        }),
    );

    app.delete(
      '/v1/analytics/users/:analyticsUserId',
      {
        config: { auth: 'analytics_users:write', idempotent: true },
        schema: {
          operationId: 'deleteAnalyticsUser',
          tags,
          summary: 'Revoke a data-team user (dropped from ClickHouse; the list keeps it with revokedAt)',
          description:
            'Revokes a data-team user: it is dropped from ClickHouse (when it was provisioned there) and stays in the list with revokedAt. Needs `analytics_users:write`. Revoking again answers 204 and changes nothing.',
          params: analyticsUserParamsSchema,
          response: responses({ 204: noContent, 503: analyticsUnavailable }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.sql, async (tx, p) => {
          await users.revoke(tx, p, req.params.analyticsUserId);
          return { status: 204, body: undefined };
        }),
    );
  };
}
