import type { MenuCommand } from './channels.ts';
import type { IpcPayload, IpcResult } from './contract.ts';

// What the preload exposes as `window.loyaltyConsole`: named functions, never ipcRenderer itself.
// The renderer types `window.loyaltyConsole` with this and checks it is there before using it
// (in a browser it is not).

export interface ConsoleBridge {
  appInfo(): Promise<IpcResult<'app:info'>>;
  loadSession(): Promise<IpcResult<'session:load'>>;
  saveSession(tokens: IpcPayload<'session:save'>): Promise<IpcResult<'session:save'>>;
  openExternal(url: string): Promise<IpcResult<'external:open'>>;
  saveFile(file: IpcPayload<'file:save'>): Promise<IpcResult<'file:save'>>;
  /** Listens for native menu commands; answers a function that stops listening. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

export const BRIDGE_NAME = 'loyaltyConsole';
