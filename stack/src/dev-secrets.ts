import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { StackConfig } from './stack-config.ts';

// Local development secrets: generated once per machine into .stack/secrets.env (ignored by git,
// readable by the owner only), so nothing secret ever lives in the repository.

const GENERATORS: Record<string, () => string> = {
  AUTH_TOKEN_SECRET: () => randomBytes(32).toString('base64url'),
  MEMBER_PII_KEY: () => randomBytes(32).toString('base64'),
  DEMO_OWNER_PASSWORD: () => randomBytes(12).toString('base64url'),
};

export function ensureDevSecrets(config: StackConfig): Record<string, string> {
  const file = path.join(config.dir, 'secrets.env');
  const existing = fs.existsSync(file) ? parseEnv(fs.readFileSync(file, 'utf8')) : {};
  const secrets = { ...existing };
  for (const [name, generate] of Object.entries(GENERATORS)) secrets[name] ??= generate();
  if (Object.keys(secrets).length !== Object.keys(existing).length) {
    fs.mkdirSync(config.dir, { recursive: true });
    fs.writeFileSync(
      file,
      Object.entries(secrets)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
      { mode: 0o600 },
    );
  }
  return secrets;
}

function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}
