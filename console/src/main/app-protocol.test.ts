import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppFile } from './app-protocol.ts';

const dir = path.resolve('/opt/console/renderer');

describe('resolveAppFile', () => {
  it('serves the entry page and the built assets under the renderer folder', () => {
    expect(resolveAppFile('app://console/', dir)).toEqual({
      kind: 'file',
      path: path.join(dir, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveAppFile('app://console/assets/index-abc.js', dir)).toMatchObject({
      kind: 'file',
      path: path.join(dir, 'assets/index-abc.js'),
    });
  });

  it('keeps dot segments the URL parser resolves inside the folder', () => {
    expect(resolveAppFile('app://console/../../main/index.js', dir)).toMatchObject({
      path: path.join(dir, 'main/index.js'),
    });
    expect(resolveAppFile('app://console/%2e%2e/main/index.js', dir)).toMatchObject({
      path: path.join(dir, 'main/index.js'),
    });
  });

  it('serves nothing outside the folder, on another host, dot files or unknown types', () => {
    for (const url of [
      'app://console/assets/%2E%2E%2F%2E%2E%2Fsecret.json',
      'app://other/index.html',
      'app://console/.env',
      'app://console/index.ts',
      'garbage',
    ]) {
      expect(resolveAppFile(url, dir), url).toEqual({ kind: 'missing' });
    }
  });
});
