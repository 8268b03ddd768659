import type { SessionTokens } from '@loyalty/sdk';
import { consoleBridge } from './bridge.ts';

// Where the session's tokens survive a reload. In Electron, main keeps them (encrypted by the OS
// keychain, see main/token-vault.ts). In a browser, sessionStorage: it lives as long as the tab,
// is not shared with other tabs, and is gone when the tab closes, so a refresh token (worth 30
// days of access) does not outlive the work session on a shared computer the way localStorage
// would; a second tab logs in on its own, which also keeps two tabs from racing one rotating
// refresh token. Either way an XSS could read the tokens in use: the CSP is the defence there.

export interface TokenStore {
  load(): Promise<SessionTokens | null>;
  save(tokens: SessionTokens | null): Promise<void>;
}

const STORAGE_KEY = 'loyalty.console.session';

export function sessionStorageTokenStore(storage: Storage): TokenStore {
  return {
    async load() {
      const raw = storage.getItem(STORAGE_KEY);
      if (!raw) return null;
      try {
        return JSON.parse(raw) as SessionTokens;
      } catch {
        storage.removeItem(STORAGE_KEY);
        return null;
      }
    },
    async save(tokens) {
      if (tokens) storage.setItem(STORAGE_KEY, JSON.stringify(tokens));
      else storage.removeItem(STORAGE_KEY);
    },
  };
}

export function platformTokenStore(): TokenStore {
  const bridge = consoleBridge();
  if (!bridge) return sessionStorageTokenStore(window.sessionStorage);
  return {
    load: () => bridge.loadSession(),
    save: async (tokens) => void (await bridge.saveSession(tokens)),
  };
}
