import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, MENU_COMMAND_CHANNEL, MENU_COMMANDS, type MenuCommand } from '../ipc/channels.ts';
import { BRIDGE_NAME, type ConsoleBridge } from '../ipc/console-bridge.ts';

// The sandboxed preload: named functions on window.loyaltyConsole, each one IPC channel. The
// renderer never sees ipcRenderer; main validates whatever arrives anyway.

const bridge: ConsoleBridge = {
  appInfo: () => ipcRenderer.invoke(IPC_CHANNELS.appInfo),
  loadSession: () => ipcRenderer.invoke(IPC_CHANNELS.loadSession),
  saveSession: (tokens) => ipcRenderer.invoke(IPC_CHANNELS.saveSession, tokens),
  openExternal: (url) => ipcRenderer.invoke(IPC_CHANNELS.openExternal, { url }),
  saveFile: (file) => ipcRenderer.invoke(IPC_CHANNELS.saveFile, file),
  onMenuCommand: (listener) => {
    const relay = (_event: unknown, command: unknown) => {
      if ((MENU_COMMANDS as readonly unknown[]).includes(command)) listener(command as MenuCommand);
    };
    ipcRenderer.on(MENU_COMMAND_CHANNEL, relay);
    return () => void ipcRenderer.removeListener(MENU_COMMAND_CHANNEL, relay);
  },
};

contextBridge.exposeInMainWorld(BRIDGE_NAME, bridge);
