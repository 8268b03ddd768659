import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import {
  dropTenantReaderStatements,
  serviceAccessStatements,
  tenantReaderStatements,
} from '@loyalty/clickhouse/access';
import type { Analytics } from '../../db/clickhouse.ts';
import { notFound } from '../../domain-error.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit } from '../audit/audit.repository.ts';

// A data team's ClickHouse user: read-only, its tenant's rows only (row policies from
// clickhouse/src/access). On a server with SQL access management the statements run; on the
// embedded engine they cannot (no access storage), so the user is recorded as not provisioned.

type Tx = pg.PoolClient;

export interface AnalyticsUsersConfig {
  mode: 'server' | 'none';
  database: string;
  publicUrl: string | null;
  /** The users that must keep seeing every row once row policies exist (the API, the sink). */
  serviceUsers: string[];
}

interface Row {
  id: string;
  username: string;
  name: string;
  provisioned: boolean;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

export const analyticsUserView = (r: Row) => ({
  id: r.id,
  username: r.username,
  name: r.name,
  provisioned: r.provisioned,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** `t_<tenant slug>_<random>`: unique, recognisable, within ClickHouse's user-name rule. */
export function analyticsUsername(slug: string): string {
  const base =
    slug
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'tenant';
  return `t_${base}_${randomBytes(4).toString('hex')}`;
}

export function connectionExamples(url: string | null, database: string, username: string) {
  const host = url ?? 'https://<clickhouse-host>:8443';
  return {
    curl: `curl --user '${username}:<password>' '${host}/?database=${database}' --data-binary 'SELECT count() FROM ledger_entries'`,
    'clickhouse-client': `clickhouse-client --host <clickhouse-host> --secure --user ${username} --password --database ${database}`,
    python: `clickhouse_connect.get_client(host='<clickhouse-host>', username='${username}', password='<password>', database='${database}')`,
  };
}

export function createAnalyticsUsersService(cfg: AnalyticsUsersConfig, analytics: Analytics) {
  async function run(statements: string[]): Promise<void> {
    for (const query of statements) await analytics.client().command({ query });
  }
  return {
    async list(tx: Tx) {
      const { rows } = await tx.query<Row>('SELECT * FROM analytics_users ORDER BY created_at');
      return rows.map(analyticsUserView);
    },

    async create(tx: Tx, principal: Principal, name: string) {
      const {
        rows: [tenant],
      } = await tx.query<{ slug: string }>('SELECT slug FROM tenants WHERE id = $1', [principal.tenantId]);
      const username = analyticsUsername(tenant!.slug);
      const password = randomBytes(24).toString('base64url');
      const provisioned = cfg.mode === 'server';
      const {
        rows: [row],
      } = await tx.query<Row>(
        'INSERT INTO analytics_users (tenant_id, username, name, provisioned, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING *',
        [principal.tenantId, username, name, provisioned, `${principal.actor.type}:${principal.actor.id}`],
      );
      const user = analyticsUserView(row!);
      await recordAudit(tx, {
        tenantId: principal.tenantId,
        actor: principal.actor,
        action: 'analytics_user.created',
        entityType: 'analytics_user',
        entityId: user.id,
        after: user,
      });
      // Last, so a refused statement rolls the record back with it. The service policy comes
      // first: once a table has a row policy, users it does not name see nothing.
      if (provisioned) {
        await run([
          ...serviceAccessStatements({ database: cfg.database, serviceUsers: cfg.serviceUsers }),
          ...tenantReaderStatements({
            database: cfg.database,
            user: username,
            tenantId: principal.tenantId,
            passwordSha256Hex: createHash('sha256').update(password).digest('hex'),
          }),
        ]);
      }
      return {
        user,
        password,
        connection: {
          url: cfg.publicUrl,
          database: cfg.database,
          examples: connectionExamples(cfg.publicUrl, cfg.database, username),
        },
      };
    },

    async revoke(tx: Tx, principal: Principal, id: string) {
      const {
        rows: [row],
      } = await tx.query<Row>(
        'UPDATE analytics_users SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING *',
        [id],
      );
      if (!row) throw notFound('analytics user');
      const user = analyticsUserView(row);
      await recordAudit(tx, {
        tenantId: principal.tenantId,
        actor: principal.actor,
        action: 'analytics_user.revoked',
        entityType: 'analytics_user',
        entityId: id,
        after: user,
      });
      if (row.provisioned) await run(dropTenantReaderStatements({ database: cfg.database, user: row.username }));
      return user;
    },
  };
}
