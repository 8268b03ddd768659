import { BRIDGE_NAME, type ConsoleBridge } from '../../ipc/console-bridge.ts';

// The Electron preload's bridge, when there is one. In a browser (the console served by the API)
// it is absent, and each native feature falls back to what the web offers.

export function consoleBridge(): ConsoleBridge | undefined {
  const candidate = (window as unknown as Record<string, unknown>)[BRIDGE_NAME];
  return typeof candidate === 'object' && candidate !== null ? (candidate as ConsoleBridge) : undefined;
}
