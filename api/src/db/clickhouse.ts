import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { DomainError } from '../domain-error.ts';

// The API's one ClickHouse client (reports, segment evaluation). ClickHouse is optional for the
// API process: without CLICKHOUSE_URL the ledger works and analytics routes answer 503.

export interface Analytics {
  /** The client, or a 503 not_ready when ClickHouse is not configured. */
  client(): ClickHouseClient;
  close(): Promise<void>;
}

export function createAnalytics(cfg: { url: string; database: string } | undefined): Analytics {
  const client = cfg
    ? createClient({ url: cfg.url, database: cfg.database, log: { level: ClickHouseLogLevel.WARN } })
    : undefined;
  return {
    client() {
      if (!client) throw new DomainError('not_ready', 'analytics need ClickHouse: CLICKHOUSE_URL is not configured');
      return client;
    },
    close: async () => client?.close(),
  };
}

/** Numbers as JSON numbers (not quoted 64-bit strings); a bound on runaway queries. */
export const ANALYTICS_SETTINGS = { output_format_json_quote_64bit_integers: 0, max_execution_time: 30 } as const;
