/**
 * Configuration of the LDV processing log: where records point (the register of processing
 * activities, one versioned URI per kind of processing, overridable one by one), the pseudonym
 * scheme, the NEN 7513 extension and the optional OTLP export; errors name the variable and never
 * echo a value.
 */
import { describe, expect, it } from 'vitest';
import { generateSigningKeyPem } from '../../src/audit/signing.js';
import { PLACEHOLDER_REGISTER, parseEnv } from '../../src/config/env.js';
import { PROCESSING_KIND_NAMES } from '../../src/ldv/processing-kinds.js';
import { processingLogConfig } from '../../src/server.js';
import { TEST_API_CONTACT_ENV } from '../support/contact.js';

describe('LDV configuration', () => {
  it('defaults to a placeholder register, no NEN 7513 attributes and no export', () => {
    const env = parseEnv({});
    expect(env.PROCESSING_ACTIVITY_BASE_URI).toBe(PLACEHOLDER_REGISTER);
    expect(env.LDV_OTLP_TRACES_ENDPOINT).toBeUndefined();
    const config = processingLogConfig(env);
    expect(config.nen7513).toBeNull();
    expect(config.activityUris['dossier-exporteren']).toBe(`${PLACEHOLDER_REGISTER}dossier-exporteren/v1`);
  });

  it('names one versioned URI per kind under the base, unless a kind is named explicitly', () => {
    const config = processingLogConfig(
      parseEnv({
        PROCESSING_ACTIVITY_BASE_URI: 'https://register.gemeente.nl/va',
        PROCESSING_ACTIVITY_URIS:
          'dossier-exporteren=https://register.gemeente.nl/va/123, afwegingen-exporteren=urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
        DATA_SUBJECT_ID_TYPE_URI: 'https://register.gemeente.nl/id-typen/pseudoniem',
        LDV_NEN7513: 'true',
      }),
    );
    expect(Object.keys(config.activityUris).sort()).toEqual([...PROCESSING_KIND_NAMES].sort());
    expect(config.activityUris['afweging-beroepsgeheim-vastleggen']).toBe(
      'https://register.gemeente.nl/va/afweging-beroepsgeheim-vastleggen/v1',
    );
    expect(config.activityUris['dossier-exporteren']).toBe('https://register.gemeente.nl/va/123');
    expect(config.activityUris['afwegingen-exporteren']).toBe(
      'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
    );
    expect(new Set(Object.values(config.activityUris)).size).toBe(PROCESSING_KIND_NAMES.length);
    expect(config.subjectIdType).toBe('https://register.gemeente.nl/id-typen/pseudoniem');
    expect(config.nen7513).toEqual({ auditSourceId: 'beroepsgeheim-service' });
  });

  it.each([
    ['an unknown kind', 'PROCESSING_ACTIVITY_URIS', 'verwerken=https://x.nl/1', /kind one of/],
    ['a relative URI', 'PROCESSING_ACTIVITY_URIS', 'dossier-exporteren=/va/1', /not an absolute URI/],
    [
      'a base that is no http(s) URL',
      'PROCESSING_ACTIVITY_BASE_URI',
      'register',
      /PROCESSING_ACTIVITY_BASE_URI/,
    ],
    ['an endpoint that is no URL', 'LDV_OTLP_TRACES_ENDPOINT', 'collector:4318', /LDV_OTLP_TRACES_ENDPOINT/],
  ])('refuses %s, naming the variable', (_name, variable, value, message) => {
    expect(() => parseEnv({ [variable]: value })).toThrow(message);
    expect(() => parseEnv({ [variable]: value })).toThrow(new RegExp(variable));
  });

  it('reads collector headers as OTEL_EXPORTER_OTLP_HEADERS writes them, never echoing a value', () => {
    expect(
      parseEnv({ LDV_OTLP_HEADERS: 'Authorization=Bearer%20abc,X-Scope-OrgID=gemeente' }).LDV_OTLP_HEADERS,
    ).toEqual({ Authorization: 'Bearer abc', 'X-Scope-OrgID': 'gemeente' });
    for (const bad of ['Authorization', 'Bad Header=geheim-waarde', 'X=%0d%0ageheim-waarde']) {
      try {
        parseEnv({ LDV_OTLP_HEADERS: bad });
        expect.unreachable(bad);
      } catch (error) {
        expect((error as Error).message).toMatch(/LDV_OTLP_HEADERS/);
        expect((error as Error).message).not.toContain('geheim-waarde');
      }
    }
  });

  it('requires TLS to the collector in production (LDV: a logbook enforces TLS)', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:p@db:5432/x',
      PSEUDONYMISATION_SECRET: 'x'.repeat(32),
      SIGNING_KEY: generateSigningKeyPem(),
      ...TEST_API_CONTACT_ENV,
    };
    expect(() =>
      parseEnv({ ...production, LDV_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }),
    ).toThrow(/LDV_OTLP_TRACES_ENDPOINT: must be an https:\/\/ URL/);
    expect(
      parseEnv({ ...production, LDV_OTLP_TRACES_ENDPOINT: 'https://collector:4318/v1/traces' })
        .LDV_OTLP_TRACES_ENDPOINT,
    ).toBe('https://collector:4318/v1/traces');
  });
});
