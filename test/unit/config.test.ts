import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKeyPem, Signer } from '../../src/audit/signing.js';
import { ConfigError, parseEnv } from '../../src/config/env.js';

describe('configuration', () => {
  it('has working defaults for development', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ NODE_ENV: 'development', PORT: 3000, HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('names the variable of an invalid value and never echoes the value', () => {
    try {
      parseEnv({ PORT: 'eighty', AUTH_BOOTSTRAP_KEY: 'short-secret' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('AUTH_BOOTSTRAP_KEY');
      expect(message).not.toContain('short-secret');
    }
  });

  it('requires the database and every secret in production', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL[\s\S]*PSEUDONYMISATION_SECRET[\s\S]*SIGNING_KEY/,
    );
    const env = parseEnv({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:p@db:5432/x',
      PSEUDONYMISATION_SECRET: 'x'.repeat(32),
      SIGNING_KEY: generateSigningKeyPem(),
    });
    expect(env.NODE_ENV).toBe('production');
  });

  it('accepts only an Ed25519 private key as SIGNING_KEY, also with \\n escapes, and never echoes it', () => {
    const pem = generateSigningKeyPem();
    const escaped = pem.replaceAll('\n', '\\n');
    expect(escaped).not.toContain('\n');
    // The escaped form, as a .env file or a container variable holds it, is the same key: it signs
    // what the original's public key verifies.
    const parsed = parseEnv({ SIGNING_KEY: escaped }).SIGNING_KEY!;
    const signature = new Signer(parsed).sign('beroepsgeheim checkpoint');
    expect(
      verify(
        null,
        Buffer.from('beroepsgeheim checkpoint'),
        createPublicKey(pem),
        Buffer.from(signature, 'base64'),
      ),
    ).toBe(true);
    // A different key would not verify: the check above can fail.
    const other = new Signer(generateSigningKeyPem()).sign('beroepsgeheim checkpoint');
    expect(
      verify(
        null,
        Buffer.from('beroepsgeheim checkpoint'),
        createPublicKey(pem),
        Buffer.from(other, 'base64'),
      ),
    ).toBe(false);
    const wrong = '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n';
    expect(() => parseEnv({ SIGNING_KEY: wrong })).toThrow(/SIGNING_KEY: must be an Ed25519 private key/);
    try {
      parseEnv({ SIGNING_KEY: wrong });
    } catch (error) {
      expect((error as Error).message).not.toContain('bm90IGEga2V5');
    }
  });

  it('rejects a database URL that is not PostgreSQL', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });
});
