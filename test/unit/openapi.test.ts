/**
 * The committed OpenAPI document is what callers integrate against: it must equal what the code
 * generates (run `npm run openapi` after changing a route), and it must satisfy the NL GOV API
 * Design Rules 2.0 that our municipal callers are held to.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateOpenApiDocument, OPENAPI_PATH, serialiseDocument } from '../../src/http/openapi-document.js';

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, Json>;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string }>;
}
let document: Json & {
  paths: Record<string, Record<string, Operation>>;
  components: Json & { schemas: Record<string, Json> };
};

beforeAll(async () => {
  document = (await generateOpenApiDocument()) as typeof document;
});

const resolve = (response: Json): Json => {
  const ref = response.$ref as string | undefined;
  if (!ref) return response;
  const name = ref.split('/').pop()!;
  return (document.components.responses as Record<string, Json>)[name]!;
};

const operations = () =>
  Object.entries(document.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );

describe('OpenAPI document', () => {
  it('equals the committed openapi/openapi.json (run `npm run openapi` to update)', () => {
    const committed = readFileSync(OPENAPI_PATH, 'utf8');
    expect(serialiseDocument(document)).toBe(committed);
  });

  it('is OpenAPI 3.1 with a semantic info.version and a full contact', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    const info = document.info as Json & { contact: Json };
    expect(info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(info.contact).toEqual({
      name: expect.any(String),
      email: expect.stringContaining('@'),
      url: expect.stringMatching(/^https:\/\//),
    });
  });
});

describe('NL GOV API Design Rules', () => {
  it('puts the major version in the URI of every API path, matching info.version', () => {
    const major = String((document.info as Json).version).split('.')[0];
    for (const { path } of operations()) {
      if (path.startsWith('/health')) continue;
      expect(path.startsWith(`/v${major}/`), path).toBe(true);
    }
  });

  it('has no trailing slashes and kebab-case path segments with lowerCamelCase parameters', () => {
    for (const { path } of operations()) {
      expect(path === '/' || !path.endsWith('/'), path).toBe(true);
      for (const segment of path.split('/').filter(Boolean)) {
        if (segment.startsWith('{')) expect(segment, path).toMatch(/^\{[a-z][a-zA-Z0-9]*\}$/);
        else expect(segment, path).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }
    }
  });

  it('uses standard methods only', () => {
    for (const { method } of operations())
      expect(['get', 'post', 'put', 'patch', 'delete']).toContain(method);
  });

  it('documents the API-Version header on every response', () => {
    for (const { path, method, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        const headers = resolve(response).headers as Json | undefined;
        expect(headers?.['API-Version'], `${method} ${path} ${status}`).toBeDefined();
      }
    }
  });

  it('documents problem+json for every 4xx and 5xx response', () => {
    for (const { path, method, op } of operations()) {
      const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      expect(errors.length, `${method} ${path} documents no errors`).toBeGreaterThan(0);
      for (const [status, response] of errors) {
        const content = resolve(response).content as Json;
        expect(Object.keys(content), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
      }
    }
  });

  it('requires authentication on every /v1 operation and documents 401 and 403 there', () => {
    for (const { path, method, op } of operations().filter((o) => o.path.startsWith('/v1/'))) {
      expect(op.security, `${method} ${path}`).toEqual([{ apiKey: [] }]);
      expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('names schemas in PascalCase and properties in lowerCamelCase', () => {
    const schemas = document.components.schemas;
    expect(Object.keys(schemas).length).toBeGreaterThan(3);
    const visit = (schema: unknown, where: string) => {
      if (!schema || typeof schema !== 'object') return;
      const properties = (schema as Json).properties as Json | undefined;
      // The keys of `answers` are the question ids fixed by the v1 vocabulary ("area.camelCase"):
      // every dot-separated segment must be lowerCamelCase.
      for (const name of Object.keys(properties ?? {})) {
        // Processing-log attribute names are fixed by the Logboek Dataverwerkingen standard.
        if (/^dpl\.core\.[a-z_.]+$/.test(name)) continue;
        for (const segment of name.split('.'))
          expect(segment, `${where}: ${name}`).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      }
      for (const value of Object.values(schema as Json)) visit(value, where);
    };
    for (const [name, schema] of Object.entries(schemas)) {
      expect(name).toMatch(/^[A-Z][a-zA-Z0-9]*$/);
      visit(schema, name);
    }
  });
});
