import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import { h } from 'vue';
import './custom.css';

// The API reference (Scalar, at /docs) lives outside this site's /guide/ base, where VitePress's
// own nav links cannot point: a plain link, placed in the nav bar and in the mobile menu.
const apiReference = (place: string) => () =>
  h('a', { class: `api-reference-link ${place}`, href: '/docs', target: '_self' }, 'API reference');

export default {
  extends: DefaultTheme,
  Layout: () =>
    h(DefaultTheme.Layout, null, {
      'nav-bar-content-after': apiReference('in-bar'),
      'nav-screen-content-after': apiReference('in-screen'),
    }),
} satisfies Theme;
