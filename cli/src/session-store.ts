import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SessionTokens } from '@loyalty/sdk';

// The logged-in session on disk: the API's URL and the user's tokens, in session.json, readable
// by its owner only (a 0600 file in a 0700 folder). Written whole to a temporary file then renamed,
// so a crash mid-write never leaves half a session. API keys are never stored here.

export interface StoredSession {
  apiUrl: string;
  tokens: SessionTokens;
}

export const SESSION_FILE = 'session.json';

export function sessionPath(configDir: string): string {
  return path.join(configDir, SESSION_FILE);
}

export async function readSession(configDir: string): Promise<StoredSession | null> {
  let text: string;
  try {
    text = await readFile(sessionPath(configDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<StoredSession>;
  if (typeof parsed.apiUrl !== 'string' || typeof parsed.tokens?.refreshToken !== 'string') {
    throw new Error(`${sessionPath(configDir)} is not a session this CLI wrote: run loyalty login again`);
  }
  return parsed as StoredSession;
}

export async function writeSession(configDir: string, session: StoredSession): Promise<void> {
  // A folder the CLI creates is its own: 0700 whatever the umask. One that existed is left as it is.
  const created = await mkdir(configDir, { recursive: true, mode: 0o700 });
  if (created !== undefined) await chmod(configDir, 0o700);
  const file = sessionPath(configDir);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(session, null, 2) + '\n', { mode: 0o600 });
  await rename(temporary, file);
}

export async function deleteSession(configDir: string): Promise<void> {
  await rm(sessionPath(configDir), { force: true });
}
