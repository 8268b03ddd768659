import type { Stats } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveGuidePath } from './guide-site.ts';

// A built site as a set of paths: files, and the directories they imply.
function site(...files: string[]) {
  const dirs = new Set(
    files.flatMap((f) =>
      f
        .split('/')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
    ),
  );
  return (relative: string): Stats | undefined => {
    const path = relative.replace(/\/$/, '');
    if (files.includes(path)) return { isFile: () => true, isDirectory: () => false } as Stats;
    if (dirs.has(path)) return { isFile: () => false, isDirectory: () => true } as Stats;
    return undefined;
  };
}

const built = site(
  'index.html',
  '404.html',
  'getting-started.html',
  'concepts/ledger.html',
  'tools/index.html',
  'assets/app.js',
  '.build-stamp',
);

describe('resolveGuidePath', () => {
  it('serves the index for the site and for a directory that has one', () => {
    expect(resolveGuidePath('', built)).toEqual({ kind: 'file', relative: 'index.html' });
    expect(resolveGuidePath('tools/', built)).toEqual({ kind: 'file', relative: 'tools/index.html' });
  });

  it('serves pages and assets as built, and a page without its .html', () => {
    expect(resolveGuidePath('concepts/ledger.html', built)).toEqual({ kind: 'file', relative: 'concepts/ledger.html' });
    expect(resolveGuidePath('assets/app.js', built)).toEqual({ kind: 'file', relative: 'assets/app.js' });
    expect(resolveGuidePath('getting-started', built)).toEqual({ kind: 'file', relative: 'getting-started.html' });
  });

  it('redirects a directory with an index to its trailing-slash form, and finds nothing in one without', () => {
    expect(resolveGuidePath('tools', built)).toEqual({ kind: 'redirect', location: '/guide/tools/' });
    expect(resolveGuidePath('concepts', built)).toEqual({ kind: 'missing' });
  });

  it('finds nothing for unknown paths, dot files or parent segments', () => {
    expect(resolveGuidePath('nope.html', built)).toEqual({ kind: 'missing' });
    expect(resolveGuidePath('.build-stamp', built)).toEqual({ kind: 'missing' });
    expect(resolveGuidePath('../package.json', built)).toEqual({ kind: 'missing' });
    expect(resolveGuidePath('concepts/../index.html', built)).toEqual({ kind: 'missing' });
  });
});
