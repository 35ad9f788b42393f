/**
 * Secrets the service needs besides the environment. In production every secret comes from the
 * environment (start-up refuses without it, see env.ts). In development and test a missing secret
 * is generated once and kept in DATA_DIR/secrets.json (mode 0600), so records pseudonymised
 * yesterday can still be found by client reference today.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKeyPem } from '../audit/signing.js';
import type { Env } from './env.js';

export interface LocalSecrets {
  pseudonymisationSecret: string;
  /** Ed25519 private key (PEM) that signs chain checkpoints. */
  signingKey: string;
  /** Superuser password of the embedded PostgreSQL cluster. */
  postgresPassword: string;
  /** Password of the service's own login role in the embedded cluster. */
  appDbPassword: string;
}

function generate(): LocalSecrets {
  return {
    pseudonymisationSecret: randomBytes(32).toString('base64url'),
    signingKey: generateSigningKeyPem(),
    postgresPassword: randomBytes(24).toString('base64url'),
    appDbPassword: randomBytes(24).toString('base64url'),
  };
}

export function loadLocalSecrets(dataDir: string): LocalSecrets {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
    // Fill in secrets added by later versions without touching the existing ones.
    const merged = { ...generate(), ...stored };
    if (Object.keys(stored).length !== Object.keys(merged).length) writeSecrets(file, merged);
    return merged;
  }
  const fresh = generate();
  writeSecrets(file, fresh);
  return fresh;
}

function writeSecrets(file: string, secrets: LocalSecrets): void {
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function resolvePseudonymisationSecret(env: Env): string {
  if (env.PSEUDONYMISATION_SECRET) return env.PSEUDONYMISATION_SECRET;
  if (env.NODE_ENV === 'production') throw new Error('PSEUDONYMISATION_SECRET is required in production');
  return loadLocalSecrets(env.DATA_DIR).pseudonymisationSecret;
}

export function resolveSigningKey(env: Env): string {
  if (env.SIGNING_KEY) return env.SIGNING_KEY;
  if (env.NODE_ENV === 'production') throw new Error('SIGNING_KEY is required in production');
  return loadLocalSecrets(env.DATA_DIR).signingKey;
}
