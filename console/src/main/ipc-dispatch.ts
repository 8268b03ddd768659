import type { z } from 'zod';
import { originOf } from './app-origin.ts';
import type { IpcChannel, IpcContract, IpcHandlers } from '../ipc/contract.ts';

// The one door from the renderer into main. A call is answered only when it comes from a frame of
// the console's own origin (not an iframe or a page the window was tricked into loading), names a
// channel of the contract, and carries a payload its schema accepts. Refusals throw: the renderer's
// invoke() rejects, and nothing reaches a handler.

export class IpcRefusal extends Error {
  override readonly name = 'IpcRefusal';
}

export interface IpcDispatchOptions {
  contract: IpcContract;
  handlers: IpcHandlers;
  /** Origins whose frames may call main: the app's own (and the dev server's in development). */
  trustedOrigins: readonly string[];
}

export function createIpcDispatcher({ contract, handlers, trustedOrigins }: IpcDispatchOptions) {
  return async function dispatch(senderUrl: string | undefined, channel: string, payload: unknown): Promise<unknown> {
    const origin = originOf(senderUrl);
    if (!origin || !trustedOrigins.includes(origin)) {
      throw new IpcRefusal(`IPC from an untrusted frame (${origin ?? 'no origin'})`);
    }
    if (!Object.hasOwn(contract, channel)) throw new IpcRefusal(`unknown IPC channel ${channel}`);
    const name = channel as IpcChannel;
    const parsed = (contract[name].payload as z.ZodType).safeParse(payload);
    if (!parsed.success) throw new IpcRefusal(`invalid payload on ${name}: ${parsed.error.issues[0]?.message}`);
    const handler = handlers[name] as (p: unknown) => Promise<unknown>;
    return handler(parsed.data);
  };
}
