/**
 * The committed OpenAPI document is what callers integrate against: it must equal what the code
 * generates (run `npm run openapi` after changing a route), and it must pass the NL GOV API Design
 * Rules 2.0 as the Logius linter checks them (its Spectral ruleset `linter/spectral.yml`, the one
 * developer.overheid.nl runs, with the `spectral:oas` rules it extends), written out here in our own
 * code. Each check names the rule it stands for. One deliberate deviation, explained in README.md
 * ("API documentation"): the document is OpenAPI 3.1, where that ruleset of ADR 2.0 pins 3.0.
 *
 * The checks run over every operation, so a route added later is held to them too: it needs an
 * operationId, and a 201 needs `Location` (here in the document; test/integration/platform.test.ts
 * checks the header is sent).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION } from '../../src/http/api-version.js';
import { UNCONFIGURED_CONTACT } from '../../src/http/openapi.js';
import { generateOpenApiDocument, OPENAPI_PATH, serialiseDocument } from '../../src/http/openapi-document.js';
import { TEST_API_CONTACT } from '../support/contact.js';

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  responses: Record<string, Json>;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string }>;
}
let document: Json & {
  servers: Array<{ url: string; variables?: Record<string, { default: string }> }>;
  paths: Record<string, Record<string, Operation> & { servers?: Array<{ url: string }> }>;
  components: Json & { schemas: Record<string, Json>; responses: Record<string, Json> };
};

beforeAll(async () => {
  document = (await generateOpenApiDocument()) as typeof document;
});

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const resolve = (response: Json): Json => {
  const ref = response.$ref as string | undefined;
  if (!ref) return response;
  return document.components.responses[ref.split('/').pop()!]!;
};

const operations = () =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ path, method, op: op as Operation })),
  );

/** The server URLs with their variables filled in by their defaults. */
const serverUrls = () =>
  [...document.servers, ...Object.values(document.paths).flatMap((item) => item.servers ?? [])].map(
    (server) =>
      server.url.replace(/\{(\w+)\}/g, (_m, name: string) => {
        const variables = (server as { variables?: Record<string, { default: string }> }).variables;
        return variables?.[name]?.default ?? `{${name}}`;
      }),
  );

describe('OpenAPI document', () => {
  it('equals the committed openapi/openapi.json (run `npm run openapi` to update)', () => {
    const committed = readFileSync(OPENAPI_PATH, 'utf8');
    expect(serialiseDocument(document)).toBe(committed);
  });

  it('is OpenAPI 3.1, our documented deviation from the 3.0 that ADR 2.0 pins (/core/doc-openapi)', () => {
    // The later Logius ruleset accepts any 3.x (`^3(.\d+){1,2}$`); 3.0 would lose JSON Schema 2020-12.
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('has a semantic info.version equal to the API-Version header (nlgov:semver)', () => {
    const info = document.info as Json;
    expect(info.version).toMatch(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/);
    expect(info.version).toBe(API_VERSION);
  });

  it('names a contact with name, email and url (info-contact, info-contact-fields-exist, /core/doc-openapi-contact)', () => {
    const info = document.info as Json & { contact: Json };
    expect(info.description).toEqual(expect.any(String));
    expect(info.contact).toEqual({
      name: expect.any(String),
      email: expect.stringContaining('@'),
      url: expect.stringMatching(/^https:\/\//),
    });
  });

  it('names, unconfigured (as committed), a placeholder contact that says so and reaches no one', () => {
    const contact = (document.info as Json).contact as typeof UNCONFIGURED_CONTACT;
    expect(contact).toEqual(UNCONFIGURED_CONTACT);
    expect(contact.name).toMatch(/^Not configured: .*API_CONTACT_NAME, API_CONTACT_EMAIL, API_CONTACT_URL/);
    // .invalid never resolves (RFC 6761 §6.4): no mail or visit can reach a stranger.
    expect(contact.email).toMatch(/@[a-z-]+\.invalid$/);
    expect(new URL(contact.url).hostname).toMatch(/\.invalid$/);
  });

  it("names a deployment's configured contact, and changes nothing else", async () => {
    const configured = await generateOpenApiDocument({ contact: TEST_API_CONTACT });
    expect((configured.info as Json).contact).toEqual(TEST_API_CONTACT);
    expect({ ...configured, info: { ...(configured.info as Json), contact: UNCONFIGURED_CONTACT } }).toEqual(
      document,
    );
  });
});

describe('NL GOV API Design Rules (the Logius linter, in our own code)', () => {
  it('has a server whose URL carries the major version (oas3-api-servers, /core/uri-version)', () => {
    const major = API_VERSION.split('.')[0];
    expect(document.servers.length).toBeGreaterThan(0);
    for (const server of document.servers) expect(server.url).toMatch(new RegExp(`/v${major}$`));
  });

  it('names only https servers (servers-use-https)', () => {
    for (const url of serverUrls()) expect(url).toMatch(/^https:\/\//);
  });

  it('describes its own /openapi.json: GET only, readable from any origin (/core/publish-openapi)', () => {
    const item = document.paths['/openapi.json'];
    expect(item).toBeDefined();
    expect(Object.keys(item!).filter((k) => METHODS.includes(k))).toEqual(['get']);
    const ok = Object.entries(item!.get!.responses).filter(([status]) => /^[23]\d\d$/.test(status));
    expect(ok.length).toBeGreaterThan(0);
    for (const [, response] of ok) {
      const header = (resolve(response).headers as Json)['access-control-allow-origin'] as Json;
      expect(header).toBeDefined();
      expect((header.schema as Json).const).toBe('*');
    }
  });

  it('has no trailing slashes and kebab-case segments with lowerCamelCase parameters (/core/no-trailing-slash, paths-kebab-case)', () => {
    for (const { path } of operations()) {
      expect(path === '/' || !path.endsWith('/'), path).toBe(true);
      for (const segment of path.split('/').filter(Boolean)) {
        if (segment.startsWith('{')) expect(segment, path).toMatch(/^\{[a-z][a-zA-Z0-9]*\}$/);
        else expect(segment, path).toMatch(/^[a-z0-9]+([-.][a-z0-9]+)*$/);
      }
    }
  });

  it('uses standard methods only (/core/http-methods)', () => {
    for (const { method } of operations())
      expect(['get', 'post', 'put', 'patch', 'delete']).toContain(method);
  });

  it('gives every operation a unique lowerCamelCase operationId, tags, summary and description (operation-operationId, -unique, -valid-in-url, operation-tags)', () => {
    const ids = operations().map(({ path, method, op }) => {
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(op.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
      expect(op.summary, `${method} ${path}`).toEqual(expect.any(String));
      expect(op.description, `${method} ${path}`).toEqual(expect.any(String));
      return op.operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
    const defined = new Set((document.tags as Array<{ name: string }>).map((t) => t.name));
    for (const { op } of operations()) for (const tag of op.tags ?? []) expect(defined).toContain(tag);
  });

  it('documents the API-Version header on every response (/core/version-header)', () => {
    for (const { path, method, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        const headers = resolve(response).headers as Json | undefined;
        expect(headers?.['API-Version'], `${method} ${path} ${status}`).toBeDefined();
      }
    }
  });

  it('documents Location on every 201 (RFC 9110 §15.3.2)', () => {
    const created = operations().filter(({ op }) => op.responses['201']);
    expect(created.length).toBeGreaterThan(2);
    for (const { path, method, op } of created) {
      expect((resolve(op.responses['201']!).headers as Json).Location, `${method} ${path}`).toBeDefined();
    }
  });

  it('documents problem+json for every 4xx and 5xx response (/core/problem-details, use-problem-schema)', () => {
    for (const { path, method, op } of operations()) {
      if (path === '/openapi.json') continue;
      const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      expect(errors.length, `${method} ${path} documents no errors`).toBeGreaterThan(0);
      for (const [status, response] of errors) {
        const content = resolve(response).content as Json;
        expect(Object.keys(content), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
      }
    }
    const problem = document.components.schemas.Problem as Json & { required: string[] };
    expect(problem.required).toEqual(expect.arrayContaining(['status', 'title', 'detail']));
  });

  it('declares the request headers it reads under their HTTP names', () => {
    const headers = (operationId: string) =>
      operations()
        .find(({ op }) => op.operationId === operationId)!
        .op.parameters!.filter((p) => p.in === 'header')
        .map((p) => p.name);
    expect(headers('createAssessment')).toEqual(['Idempotency-Key', 'Accept-Language', 'Prefer']);
    expect(headers('createAssessmentEvent')).toEqual(['Idempotency-Key']);
    expect(headers('listQuestions')).toEqual(['Accept-Language']);
    for (const { op } of operations())
      for (const p of op.parameters ?? [])
        if (p.in === 'header') expect(p.name).toMatch(/^[A-Z][a-z]*(-[A-Z][a-z]*)*$/);
  });

  it('requires authentication on every API operation and documents 401 and 403 there', () => {
    for (const { path, method, op } of operations()) {
      if (path.startsWith('/health/') || path === '/openapi.json') continue;
      expect(op.security, `${method} ${path}`).toEqual([{ apiKey: [] }]);
      expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('names schemas in PascalCase and properties in lowerCamelCase (schema-camel-case, property-casing)', () => {
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

  it('leaves no component unused (oas3-unused-component)', () => {
    const text = JSON.stringify({ ...document, components: undefined });
    const componentsText = JSON.stringify(document.components);
    for (const kind of ['schemas', 'responses', 'headers'] as const) {
      for (const name of Object.keys((document.components[kind] as Json | undefined) ?? {})) {
        const ref = `"#/components/${kind}/${name}"`;
        expect(text.includes(ref) || componentsText.includes(ref), `${kind}/${name}`).toBe(true);
      }
    }
  });

  it('carries realistic examples: the README request, a needs_more_information answer, a problem', () => {
    const create = operations().find(({ op }) => op.operationId === 'createAssessment')!.op as Operation & {
      requestBody: { content: Record<string, { examples: Record<string, { value: Json }> }> };
    };
    const request = create.requestBody.content['application/json']!.examples.readme!.value;
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain(
      `"caseRef": "${request.caseRef}"`,
    );
    const answers = (
      create.responses['200']!.content as Record<string, { examples: Record<string, { value: Json }> }>
    )['application/json']!.examples;
    expect(answers.needsMoreInformation!.value.decision).toBe('needs_more_information');
    expect((answers.needsMoreInformation!.value.missingAnswers as unknown[]).length).toBeGreaterThan(0);
    const problem = (resolve({ $ref: '#/components/responses/Problem400' }).content as Json)[
      'application/problem+json'
    ] as Json;
    expect((problem.example as Json).title).toBe('Bad Request');
  });
});
