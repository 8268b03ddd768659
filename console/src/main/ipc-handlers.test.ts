import { describe, expect, it, vi } from 'vitest';
import { createIpcHandlers, type IpcHandlerDeps } from './ipc-handlers.ts';
import { createTokenVault, type SecureStorage, type SessionFile } from './token-vault.ts';

const tokens = {
  accessToken: 'a.b.c',
  refreshToken: 'r1',
  refreshExpiresAt: '2030-01-01T00:00:00.000Z',
  accessExpiresAt: '2030-01-01T00:15:00.000Z',
};

/** A keychain that "encrypts" reversibly, and a file in memory, to watch what reaches the disk. */
function fakeKeychain(backend: string): SecureStorage {
  return {
    isAvailable: async () => true,
    backend: () => backend,
    encrypt: async (plain) => new TextEncoder().encode(`enc:${plain}`),
    decrypt: async (bytes) => new TextDecoder().decode(bytes).replace(/^enc:/, ''),
  };
}
function memoryFile() {
  let bytes: Uint8Array | undefined;
  const file: SessionFile = {
    read: async () => bytes,
    write: async (b) => void (bytes = b),
    remove: async () => void (bytes = undefined),
  };
  return { file, contents: () => (bytes ? new TextDecoder().decode(bytes) : undefined) };
}

function handlersWith(backend: string, overrides: Partial<IpcHandlerDeps> = {}) {
  const disk = memoryFile();
  const deps: IpcHandlerDeps = {
    apiOrigin: 'http://127.0.0.1:3001',
    version: '0.1.0',
    platform: 'linux',
    vault: createTokenVault({ storage: fakeKeychain(backend), file: disk.file }),
    openExternal: vi.fn(async () => undefined),
    chooseSavePath: vi.fn(async (name: string) => `/home/ada/${name}`),
    writeFile: vi.fn(async () => undefined),
    ...overrides,
  };
  return { handlers: createIpcHandlers(deps), deps, disk };
}

describe('IPC handlers', () => {
  it('keeps the session encrypted on disk with a real keychain, and a new vault reads it back', async () => {
    const { handlers, disk } = handlersWith('gnome_libsecret');
    await expect(handlers['session:save'](tokens)).resolves.toEqual({ persisted: true });
    expect(disk.contents()).toMatch(/^enc:/);
    const restarted = createTokenVault({ storage: fakeKeychain('gnome_libsecret'), file: disk.file });
    await expect(restarted.load()).resolves.toEqual(tokens);
    expect((await handlers['app:info'](undefined)).tokenPersistence).toBe('os-keychain');
  });

  it('writes nothing to disk when the Linux backend is basic_text, but keeps the session for this run', async () => {
    const { handlers, disk } = handlersWith('basic_text');
    await expect(handlers['session:save'](tokens)).resolves.toEqual({ persisted: false });
    expect(disk.contents()).toBeUndefined();
    await expect(handlers['session:load'](undefined)).resolves.toEqual(tokens);
    expect((await handlers['app:info'](undefined)).tokenPersistence).toBe('memory-only');
  });

  it('forgets the session on log-out, on disk too', async () => {
    const { handlers, disk } = handlersWith('kwallet6');
    await handlers['session:save'](tokens);
    await handlers['session:save'](null);
    expect(disk.contents()).toBeUndefined();
    await expect(handlers['session:load'](undefined)).resolves.toBeNull();
  });

  it('drops a stored session it cannot decrypt instead of failing the start', async () => {
    const disk = memoryFile();
    await disk.file.write(new TextEncoder().encode('garbage'));
    const vault = createTokenVault({ storage: fakeKeychain('gnome_libsecret'), file: disk.file });
    await expect(vault.load()).resolves.toBeNull();
    expect(disk.contents()).toBeUndefined();
  });

  it('opens only validated URLs in the system browser', async () => {
    const { handlers, deps } = handlersWith('basic_text');
    await expect(handlers['external:open']({ url: 'https://example.com/a' })).resolves.toEqual({ opened: true });
    await expect(handlers['external:open']({ url: 'file:///etc/passwd' })).resolves.toEqual({ opened: false });
    expect(deps.openExternal).toHaveBeenCalledTimes(1);
    expect(deps.openExternal).toHaveBeenCalledWith('https://example.com/a');
  });

  it('saves a file where the user chose, and nothing when the dialog is cancelled', async () => {
    const { handlers, deps } = handlersWith('basic_text');
    await expect(handlers['file:save']({ suggestedName: 'members.csv', contents: 'id\n1' })).resolves.toEqual({
      saved: true,
    });
    expect(deps.writeFile).toHaveBeenCalledWith('/home/ada/members.csv', 'id\n1');
    const cancelled = handlersWith('basic_text', { chooseSavePath: async () => undefined });
    await expect(cancelled.handlers['file:save']({ suggestedName: 'a.csv', contents: '' })).resolves.toEqual({
      saved: false,
    });
    expect(cancelled.deps.writeFile).not.toHaveBeenCalled();
  });
});
