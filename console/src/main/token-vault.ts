import type { StoredSession } from '../ipc/contract.ts';
import { sessionTokensSchema } from '../ipc/contract.ts';

// The console user's session, kept by main. It is written to disk only encrypted by the OS
// (Keychain, DPAPI, libsecret/kwallet through safeStorage). On Linux without a keyring
// safeStorage falls back to `basic_text`, a fixed key anyone can read: then the session stays in
// memory only, and the user logs in again at the next start rather than leaving tokens readable.

export interface SecureStorage {
  isAvailable(): Promise<boolean>;
  /** safeStorage's Linux backend name; other platforms answer their own keychain. */
  backend(): string;
  encrypt(plain: string): Promise<Uint8Array>;
  decrypt(encrypted: Uint8Array): Promise<string>;
}

export interface SessionFile {
  read(): Promise<Uint8Array | undefined>;
  write(bytes: Uint8Array): Promise<void>;
  remove(): Promise<void>;
}

export interface TokenVaultDeps {
  storage: SecureStorage;
  file: SessionFile;
}

const UNPROTECTED_BACKENDS = new Set(['basic_text', 'unknown']);

export function createTokenVault({ storage, file }: TokenVaultDeps) {
  let current: StoredSession | null = null;
  let loaded = false;

  async function persistable(): Promise<boolean> {
    return !UNPROTECTED_BACKENDS.has(storage.backend()) && (await storage.isAvailable());
  }

  return {
    persistable,

    async load(): Promise<StoredSession | null> {
      if (loaded) return current;
      loaded = true;
      if (!(await persistable())) return current;
      const bytes = await file.read();
      if (!bytes) return current;
      try {
        const parsed = sessionTokensSchema.safeParse(JSON.parse(await storage.decrypt(bytes)));
        current = parsed.success ? parsed.data : null;
      } catch {
        // Encrypted under another key (a new keychain, another user): unreadable, so forgotten.
        current = null;
      }
      if (!current) await file.remove();
      return current;
    },

    async save(tokens: StoredSession | null): Promise<{ persisted: boolean }> {
      current = tokens;
      loaded = true;
      if (tokens === null) {
        await file.remove();
        return { persisted: false };
      }
      if (!(await persistable())) return { persisted: false };
      await file.write(await storage.encrypt(JSON.stringify(tokens)));
      return { persisted: true };
    },
  };
}

export type TokenVault = ReturnType<typeof createTokenVault>;
