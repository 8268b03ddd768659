import { z } from 'zod';
import { IPC_CHANNELS } from './channels.ts';

// The IPC contract: channel -> payload schema -> result schema. Main parses every payload with
// these schemas before a handler sees it (a compromised renderer sends anything); the preload
// and the renderer take their types from here, so the three sides cannot drift apart.

const isoTimestamp = z.iso.datetime({ offset: true });

/** What the SDK's onTokens hands over (its SessionTokens), bounded. */
export const sessionTokensSchema = z.strictObject({
  accessToken: z.string().min(1).max(4096),
  refreshToken: z.string().min(1).max(1024),
  refreshExpiresAt: isoTimestamp,
  accessExpiresAt: isoTimestamp,
});

/** Where the session is kept between runs: the OS keychain, or nowhere (memory only). */
export const TOKEN_PERSISTENCE = ['os-keychain', 'memory-only'] as const;

// A file name the save dialog proposes: no path separators, no leading dot, a short extension.
const fileNameSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[\w\- ]+(\.[A-Za-z0-9]{1,8})?$/, 'a plain file name without folders');

export const ipcContract = {
  [IPC_CHANNELS.appInfo]: {
    payload: z.undefined(),
    result: z.object({
      apiOrigin: z.string(),
      version: z.string(),
      platform: z.string(),
      tokenPersistence: z.enum(TOKEN_PERSISTENCE),
    }),
  },
  [IPC_CHANNELS.loadSession]: {
    payload: z.undefined(),
    result: sessionTokensSchema.nullable(),
  },
  [IPC_CHANNELS.saveSession]: {
    payload: sessionTokensSchema.nullable(),
    result: z.object({ persisted: z.boolean() }),
  },
  [IPC_CHANNELS.openExternal]: {
    payload: z.strictObject({ url: z.string().max(2048) }),
    result: z.object({ opened: z.boolean() }),
  },
  [IPC_CHANNELS.saveFile]: {
    payload: z.strictObject({
      suggestedName: fileNameSchema,
      contents: z.string().max(50 * 1024 * 1024),
    }),
    result: z.object({ saved: z.boolean() }),
  },
} as const;

export type IpcContract = typeof ipcContract;
export type IpcChannel = keyof IpcContract;
export type IpcPayload<C extends IpcChannel> = z.input<IpcContract[C]['payload']>;
export type IpcResult<C extends IpcChannel> = z.output<IpcContract[C]['result']>;
export type IpcHandlers = {
  [C in IpcChannel]: (payload: z.output<IpcContract[C]['payload']>) => Promise<IpcResult<C>>;
};
export type StoredSession = z.output<typeof sessionTokensSchema>;
