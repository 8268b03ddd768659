import { defineConfig } from 'vitepress';
import { sidebar } from './sidebar.ts';

// The public documentation site, served by the API under /guide/ (next to the API reference at
// /docs). Pages live in docs/pages; the build needs no network (local search, bundled fonts).
export default defineConfig({
  title: 'Loyalty Studio',
  description: 'Guides for integrators, merchants, analysts and data teams',
  base: '/guide/',
  srcDir: 'pages',
  outDir: 'dist',
  cacheDir: '.vitepress/cache',
  lang: 'en',
  // Head links are not prefixed with the base: this one names it.
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/guide/favicon.svg' }]],
  // Generated partials are included into pages, not pages of their own.
  srcExclude: ['**/*.generated.md'],
  cleanUrls: false,
  lastUpdated: false,
  markdown: { theme: { light: 'github-light', dark: 'github-dark' } },
  themeConfig: {
    nav: [
      { text: 'Getting started', link: '/getting-started' },
      { text: 'Guides', link: '/guides/purchases-and-refunds' },
      { text: 'Events', link: '/reference/events' },
      { text: 'Data teams', link: '/data/clickhouse' },
    ],
    sidebar,
    outline: { level: [2, 3] },
    search: { provider: 'local' },
    footer: { message: 'Loyalty Studio documentation. The API reference is generated from the code.' },
  },
});
