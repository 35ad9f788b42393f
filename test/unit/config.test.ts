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

  it('refuses malformed transparency settings, naming the variable and never the value', () => {
    const witnessKey = 'w.example/1+00000000+BAAA';
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ WITNESSES: 'not-a-url somekey' }, /WITNESSES: entry 1/],
      [
        { WITNESSES: `http://w.example ${witnessKey}` },
        /WITNESSES: entry 1: the vkey is not a valid cosignature/,
      ],
      [{ WITNESS_THRESHOLD: '2' }, /WITNESS_THRESHOLD: must not exceed the number of WITNESSES \(0\)/],
      [{ SIGNING_KEY_HISTORY: 'secret-looking-text' }, /SIGNING_KEY_HISTORY: must be a JSON array/],
      [
        {
          SIGNING_KEY_HISTORY: JSON.stringify([
            { publicKey: 'AAAA', validFrom: '2020-01-01T00:00:00Z', validUntil: 'x' },
          ]),
        },
        /SIGNING_KEY_HISTORY: entry 0\.publicKey/,
      ],
      [{ WITNESS_NAME: 'w.example/1' }, /WITNESS_KEY: WITNESS_NAME and WITNESS_KEY go together/],
      [{ WITNESS_LOGS: 'garbage' }, /WITNESS_LOGS: entry 1/],
      [{ LOG_ORIGIN_PREFIX: 'has space' }, /LOG_ORIGIN_PREFIX: must be a schema-less URL/],
      [{ TSA_URL: 'ftp://tsa.example' }, /TSA_URL/],
      [{ TSA_CERTIFICATE: 'not a certificate' }, /TSA_CERTIFICATE: must be an X.509 certificate/],
    ];
    for (const [env, message] of cases) {
      try {
        parseEnv(env);
        expect.unreachable(JSON.stringify(env));
      } catch (error) {
        expect(error, JSON.stringify(env)).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).not.toContain('secret-looking-text');
      }
    }
    const pem = generateSigningKeyPem();
    expect(() => parseEnv({ SIGNING_KEY: pem, WITNESS_NAME: 'w.example/1', WITNESS_KEY: pem })).toThrow(
      /WITNESS_KEY: must differ from the log signing key/,
    );
    expect(parseEnv({}).CHECKPOINT_INTERVAL_MS).toBeLessThanOrEqual(60_000);
  });
});
