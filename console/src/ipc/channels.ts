// The IPC channel names, free of zod so the sandboxed preload stays a small self-contained file.
// Their payloads and results are declared in contract.ts.

export const IPC_CHANNELS = {
  appInfo: 'app:info',
  loadSession: 'session:load',
  saveSession: 'session:save',
  openExternal: 'external:open',
  saveFile: 'file:save',
} as const;

/** Main -> renderer: a native menu item was chosen. */
export const MENU_COMMAND_CHANNEL = 'menu:command';

export const MENU_COMMANDS = ['go-members', 'find-member', 'toggle-theme', 'log-out'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
