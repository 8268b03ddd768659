import type { BrowserWindowConstructorOptions } from 'electron';

// The main window's options. Every security-relevant preference is spelled out, even where it
// is Electron's default, so a test pins them and a future default change cannot slip through.

export interface WindowOptionsInput {
  preloadPath: string;
  dark: boolean;
}

export function consoleWindowOptions({ preloadPath, dark }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Loyalty Studio',
    backgroundColor: dark ? '#1a1b1e' : '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}
