import type { DefaultTheme } from 'vitepress';

// The site's navigation, one list per audience. Links are page paths without `.md`; a link to a
// page that does not exist fails the built-site test (docs/src/built-site.int.test.ts).

const introduction: DefaultTheme.SidebarItem = {
  text: 'Introduction',
  items: [
    { text: 'Overview', link: '/' },
    { text: 'Getting started', link: '/getting-started' },
  ],
};

const concepts: DefaultTheme.SidebarItem = {
  text: 'Concepts',
  items: [
    { text: 'Ledger and postings', link: '/concepts/ledger' },
    { text: 'Point buckets and expiry', link: '/concepts/expiry' },
    { text: 'Rules', link: '/concepts/rules' },
    { text: 'Tiers', link: '/concepts/tiers' },
    { text: 'Segments', link: '/concepts/segments' },
    { text: 'Campaigns', link: '/concepts/campaigns' },
    { text: 'Rewards and redemptions', link: '/concepts/rewards' },
  ],
};

const guides: DefaultTheme.SidebarItem = {
  text: 'Integration guides',
  items: [
    { text: 'Purchases and refunds', link: '/guides/purchases-and-refunds' },
    { text: 'Redemptions', link: '/guides/redemptions' },
    { text: 'Idempotency and retries', link: '/guides/idempotency' },
    { text: 'Rate limits', link: '/guides/rate-limits' },
    { text: 'Pagination', link: '/guides/pagination' },
    { text: 'Errors', link: '/guides/errors' },
  ],
};

const reference: DefaultTheme.SidebarItem = {
  text: 'Reference',
  items: [{ text: 'Events', link: '/reference/events' }],
};

const dataTeams: DefaultTheme.SidebarItem = {
  text: 'Data teams',
  items: [{ text: 'ClickHouse tables and queries', link: '/data/clickhouse' }],
};

/**
 * SDKs and the CLI get their guides here once they ship: add `{ text, link }` items (and the pages
 * under pages/tools/). The section is shown only when it has items, so it never links nowhere.
 */
export const toolsItems: DefaultTheme.SidebarItem[] = [];
const tools: DefaultTheme.SidebarItem = { text: 'SDKs and tools', items: toolsItems };

export const sidebar: DefaultTheme.SidebarItem[] = [introduction, concepts, guides, reference, dataTeams, tools].filter(
  (section) => (section.items?.length ?? 0) > 0,
);
