import { describe, expect, it } from 'vitest';
import { consoleWindowOptions } from './window-options.ts';

describe('consoleWindowOptions', () => {
  const prefs = consoleWindowOptions({ preloadPath: '/app/out/preload/index.cjs', dark: false }).webPreferences!;

  it('isolates the renderer from Node: context isolation, sandbox, no Node integration anywhere', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
    });
  });

  it('keeps web security on and refuses insecure content and experimental features', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('loads the given preload and paints the theme background before the first frame', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(consoleWindowOptions({ preloadPath: 'p', dark: true }).backgroundColor).toBe('#1a1b1e');
  });
});
