import type { IpcHandlers } from '../ipc/contract.ts';
import { externalUrl } from './navigation-policy.ts';
import type { TokenVault } from './token-vault.ts';

// What main does for each IPC channel; payloads arrive already parsed (ipc-dispatch.ts). Every
// effect goes through deps, so the handlers are tested without Electron.

export interface IpcHandlerDeps {
  apiOrigin: string;
  version: string;
  platform: string;
  vault: TokenVault;
  openExternal(url: string): Promise<void>;
  /** Asks where to save (a native dialog); undefined when the user cancels. */
  chooseSavePath(suggestedName: string): Promise<string | undefined>;
  writeFile(path: string, contents: string): Promise<void>;
}

export function createIpcHandlers(deps: IpcHandlerDeps): IpcHandlers {
  return {
    'app:info': async () => ({
      apiOrigin: deps.apiOrigin,
      version: deps.version,
      platform: deps.platform,
      tokenPersistence: (await deps.vault.persistable()) ? 'os-keychain' : 'memory-only',
    }),
    'session:load': () => deps.vault.load(),
    'session:save': (tokens) => deps.vault.save(tokens),
    'external:open': async ({ url }) => {
      const allowed = externalUrl(url, deps.apiOrigin);
      if (!allowed) return { opened: false };
      await deps.openExternal(allowed);
      return { opened: true };
    },
    'file:save': async ({ suggestedName, contents }) => {
      const path = await deps.chooseSavePath(suggestedName);
      if (!path) return { saved: false };
      await deps.writeFile(path, contents);
      return { saved: true };
    },
  };
}
