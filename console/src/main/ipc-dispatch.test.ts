import { describe, expect, it, vi } from 'vitest';
import { ipcContract, type IpcHandlers } from '../ipc/contract.ts';
import { createIpcDispatcher, IpcRefusal } from './ipc-dispatch.ts';

const tokens = {
  accessToken: 'a.b.c',
  refreshToken: 'r1',
  refreshExpiresAt: '2030-01-01T00:00:00.000Z',
  accessExpiresAt: '2030-01-01T00:15:00.000Z',
};

function setup() {
  const handlers = {
    'app:info': vi.fn(async () => ({
      apiOrigin: 'x',
      version: '1',
      platform: 'linux',
      tokenPersistence: 'memory-only' as const,
    })),
    'session:load': vi.fn(async () => null),
    'session:save': vi.fn(async () => ({ persisted: true })),
    'external:open': vi.fn(async () => ({ opened: true })),
    'file:save': vi.fn(async () => ({ saved: true })),
  } satisfies IpcHandlers;
  const dispatch = createIpcDispatcher({ contract: ipcContract, handlers, trustedOrigins: ['app://console'] });
  return { handlers, dispatch };
}

describe('IPC dispatch', () => {
  it('hands a valid payload from the console frame to its handler', async () => {
    const { handlers, dispatch } = setup();
    await expect(dispatch('app://console/index.html#/members', 'session:save', tokens)).resolves.toEqual({
      persisted: true,
    });
    expect(handlers['session:save']).toHaveBeenCalledWith(tokens);
  });

  it('refuses frames of any other origin, opaque origins and missing senders', async () => {
    const { handlers, dispatch } = setup();
    for (const sender of [
      'https://evil.example/',
      'app://other/index.html',
      'file:///tmp/x.html',
      'data:text/html,x',
      undefined,
    ]) {
      await expect(dispatch(sender, 'session:load', undefined)).rejects.toBeInstanceOf(IpcRefusal);
    }
    expect(handlers['session:load']).not.toHaveBeenCalled();
  });

  it('refuses channels outside the contract, including inherited names', async () => {
    const { dispatch } = setup();
    await expect(dispatch('app://console/', 'shell:exec', 'rm -rf /')).rejects.toThrow('unknown IPC channel');
    await expect(dispatch('app://console/', 'toString', undefined)).rejects.toThrow('unknown IPC channel');
  });

  it('refuses payloads the schema rejects: extra keys, wrong types, oversized values', async () => {
    const { handlers, dispatch } = setup();
    const attempts: [string, unknown][] = [
      ['session:save', { ...tokens, extra: 1 }],
      ['session:save', { ...tokens, accessExpiresAt: 'tomorrow' }],
      ['session:save', { ...tokens, accessToken: 'x'.repeat(5000) }],
      ['external:open', { url: 42 }],
      ['file:save', { suggestedName: '../../.bashrc', contents: 'x' }],
      ['session:load', { sneaky: true }],
    ];
    for (const [channel, payload] of attempts) {
      await expect(dispatch('app://console/', channel, payload)).rejects.toThrow('invalid payload');
    }
    expect(handlers['session:save']).not.toHaveBeenCalled();
    expect(handlers['file:save']).not.toHaveBeenCalled();
  });
});
