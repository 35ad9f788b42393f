import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKeyPem, Signer } from '../../src/audit/signing.js';
import { API_CONTACT_VARIABLES, apiContact, ConfigError, parseEnv } from '../../src/config/env.js';
import { TEST_API_CONTACT, TEST_API_CONTACT_ENV } from '../support/contact.js';

/** The configuration's problems, one line each; `value`, the one given in error, is never among them. */
const problemsOf = (source: Record<string, string>, value?: string): string[] => {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    if (value) for (const problem of problems) expect(problem).not.toContain(value);
    return problems;
  }
  return [];
};

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
      ...TEST_API_CONTACT_ENV,
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

describe('the API contact (API_CONTACT_NAME, API_CONTACT_EMAIL, API_CONTACT_URL)', () => {
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://u:p@db:5432/x',
    PSEUDONYMISATION_SECRET: 'x'.repeat(32),
    SIGNING_KEY: generateSigningKeyPem(),
  };

  it('is taken as configured, the name trimmed', () => {
    const env = parseEnv({ ...TEST_API_CONTACT_ENV, API_CONTACT_NAME: `  ${TEST_API_CONTACT.name} ` });
    expect(apiContact(env)).toEqual(TEST_API_CONTACT);
  });

  it('is optional in development and test, where the document names the placeholder', () => {
    expect(apiContact(parseEnv({}))).toBeUndefined();
    expect(apiContact(parseEnv({ NODE_ENV: 'test' }))).toBeUndefined();
    // Empty or blank values count as unset, as for every other variable.
    expect(
      apiContact(parseEnv({ API_CONTACT_NAME: ' ', API_CONTACT_EMAIL: '', API_CONTACT_URL: '' })),
    ).toBeUndefined();
  });

  it('is required in production, naming each variable and what it is for', () => {
    expect(problemsOf(production)).toEqual(
      API_CONTACT_VARIABLES.map(
        (name) =>
          `${name}: is required when NODE_ENV=production: the API contact integrators see in the OpenAPI document and /docs`,
      ),
    );
    expect(apiContact(parseEnv({ ...production, ...TEST_API_CONTACT_ENV }))).toEqual(TEST_API_CONTACT);
  });

  it('is all three or none: a partial contact names the missing variables in any environment', () => {
    expect(problemsOf({ API_CONTACT_NAME: 'Team API-beheer' })).toEqual([
      "API_CONTACT_EMAIL: is required with API_CONTACT_NAME: the API's contact is a name, an e-mail address and a URL",
      "API_CONTACT_URL: is required with API_CONTACT_NAME: the API's contact is a name, an e-mail address and a URL",
    ]);
    expect(problemsOf({ ...production, ...TEST_API_CONTACT_ENV, API_CONTACT_URL: '' })).toEqual([
      "API_CONTACT_URL: is required with API_CONTACT_NAME and API_CONTACT_EMAIL: the API's contact is a name, an e-mail address and a URL",
    ]);
  });

  it.each([
    'postbus',
    'postbus@',
    '@wijkteam.example',
    'post bus@wijkteam.example',
    'postbus@wijkteam',
    'Team <postbus@wijkteam.example>',
    'mailto:postbus@wijkteam.example',
  ])('refuses the e-mail address %j, saying what is expected', (email) => {
    expect(problemsOf({ ...TEST_API_CONTACT_ENV, API_CONTACT_EMAIL: email }, email)).toEqual([
      'API_CONTACT_EMAIL: must be an e-mail address, such as api-beheer@gemeente.example',
    ]);
  });

  it.each([
    'wijkteam.example/api-beheer',
    'http://wijkteam.example/api-beheer',
    'https:wijkteam.example/api-beheer',
    'https://localhost/api-beheer',
    'https://wijkteam/api-beheer',
    'ftp://wijkteam.example/api-beheer',
    'mailto:api-beheer@wijkteam.example',
  ])('refuses the URL %j, saying what is expected', (url) => {
    expect(problemsOf({ ...TEST_API_CONTACT_ENV, API_CONTACT_URL: url }, url)).toContain(
      'API_CONTACT_URL: must be an https:// URL with a domain name, such as https://gemeente.example/api-beheer',
    );
  });

  it('refuses a name of more than one line or over 200 characters', () => {
    expect(problemsOf({ ...TEST_API_CONTACT_ENV, API_CONTACT_NAME: 'Team\nAPI-beheer' })).toEqual([
      'API_CONTACT_NAME: must be one line of text, without control characters',
    ]);
    expect(problemsOf({ ...TEST_API_CONTACT_ENV, API_CONTACT_NAME: 'x'.repeat(201) })).toEqual([
      'API_CONTACT_NAME: must be at most 200 characters',
    ]);
    expect(
      apiContact(parseEnv({ ...TEST_API_CONTACT_ENV, API_CONTACT_NAME: 'x'.repeat(200) }))?.name,
    ).toHaveLength(200);
  });
});
