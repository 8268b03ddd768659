import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { DomainError } from '../domain-error.ts';
import { analyticsSettings, limitError, type AnalyticsLimits, type AnalyticsQueryKind } from './analytics-limits.ts';
import { createTenantGate, type TenantGateLimits } from './tenant-gate.ts';

// The API's one ClickHouse client (reports, segment evaluation). ClickHouse is optional for the
// API process: without CLICKHOUSE_URL the ledger works and analytics routes answer 503.

export interface AnalyticsRead {
  query: string;
  params: Record<string, unknown>;
  kind?: AnalyticsQueryKind;
  format?: 'JSONEachRow' | 'JSONCompactEachRow';
}

export interface Analytics {
  /** The client, or a 503 not_ready when ClickHouse is not configured: for writes and DDL. */
  client(): ClickHouseClient;
  /**
   * A read on behalf of one tenant: waits for one of the tenant's query slots, runs under the
   * per-query limits, and answers a limit ClickHouse enforced as the caller's error (422/429).
   */
  read<T>(tenantId: string, request: AnalyticsRead): Promise<T[]>;
  close(): Promise<void>;
}

export interface AnalyticsConfig {
  url: string;
  database: string;
  limits: AnalyticsLimits;
  perTenant: TenantGateLimits;
}

export function createAnalytics(cfg: AnalyticsConfig | undefined): Analytics {
  const client = cfg
    ? createClient({ url: cfg.url, database: cfg.database, log: { level: ClickHouseLogLevel.WARN } })
    : undefined;
  const gate = cfg ? createTenantGate(cfg.perTenant) : undefined;
  function requireClient(): ClickHouseClient {
    if (!client) throw new DomainError('not_ready', 'analytics need ClickHouse: CLICKHOUSE_URL is not configured');
    return client;
  }
  return {
    client: requireClient,
    async read<T>(tenantId: string, r: AnalyticsRead): Promise<T[]> {
      const ch = requireClient();
      return gate!.run(tenantId, async () => {
        try {
          const rs = await ch.query({
            query: r.query,
            query_params: r.params,
            format: r.format ?? 'JSONEachRow',
            clickhouse_settings: analyticsSettings(cfg!.limits, r.kind ?? 'report'),
          });
          return await rs.json<T>();
        } catch (err) {
          throw limitError(err, cfg!.limits) ?? err;
        }
      });
    },
    close: async () => client?.close(),
  };
}
