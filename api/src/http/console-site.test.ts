import { describe, expect, it } from 'vitest';
import { resolveConsolePath } from './console-site.ts';

describe('resolveConsolePath', () => {
  it('serves the page at the folder and the built assets by type', () => {
    expect(resolveConsolePath('')).toEqual({
      kind: 'file',
      relative: 'index.html',
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveConsolePath('assets/index-B1x2.js')).toEqual({
      kind: 'file',
      relative: 'assets/index-B1x2.js',
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('names nothing for dot segments, empty segments or types the build does not make', () => {
    for (const p of ['../api/.env', 'assets/../../x.js', '.vite/manifest.json', 'assets//x.js', 'index.ts', 'assets']) {
      expect(resolveConsolePath(p), p).toEqual({ kind: 'missing' });
    }
  });
});
