import { z } from 'zod';

// The shell's settings, read once from the environment at start-up.

const envSchema = z.object({
  /** The Loyalty Studio API the console talks to (the only origin it may connect to). */
  LOYALTY_API_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3001'),
  /** Set by `electron-vite dev`: the renderer's dev server, loaded instead of the built files. */
  ELECTRON_RENDERER_URL: z.url().optional(),
});

export interface ShellConfig {
  apiOrigin: string;
  devRendererUrl: string | undefined;
}

export function loadShellConfig(env: Record<string, string | undefined> = process.env): ShellConfig {
  const parsed = envSchema.parse(env);
  return { apiOrigin: new URL(parsed.LOYALTY_API_URL).origin, devRendererUrl: parsed.ELECTRON_RENDERER_URL };
}
