/** Pages whose examples read analytics: analytics-examples.int.test.ts runs them with the stream into ClickHouse. */
export const ANALYTICS_PAGES = ['concepts/segments.md', 'data/clickhouse.md'] as const;
