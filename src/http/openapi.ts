/**
 * The OpenAPI 3.1 document, generated from the route schemas. Conventions of the NL GOV API Design
 * Rules 2.0 are applied here once for every operation, so no route can forget them: the
 * API-Version header on every response, `Location` on every 201, the problem+json error responses
 * each route can give, header parameters under their HTTP names, and a server URL carrying the
 * major version (/core/uri-version) with paths relative to it. The document describes its own
 * resource, `GET /openapi.json` (/core/publish-openapi). Why 3.1 and not the 3.0 that the Logius
 * linter of ADR 2.0 pins: README.md, "API documentation".
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { API_PREFIX, API_VERSION } from './api-version.js';
import { OPERATION_EXAMPLES, PROBLEM_EXAMPLES } from './openapi-examples.js';
import { PROBLEM_CONTENT_TYPE, titleFor } from './problem.js';

export const TITLE = 'Beroepsgeheim decision service';
/** Where the document is served at the API's base URL (/core/publish-openapi). */
export const OPENAPI_DOCUMENT_PATH = `${API_PREFIX}/openapi.json`;

type Json = Record<string, unknown>;

/** `info.contact`: who integrators reach about this deployment (ADR /core/doc-openapi-contact). */
export interface OpenApiContact {
  name: string;
  email: string;
  url: string;
}

/**
 * The contact of a deployment that configured none (API_CONTACT_NAME, API_CONTACT_EMAIL and
 * API_CONTACT_URL; a production start refuses that), and so of the committed openapi/openapi.json,
 * which is generated without configuration. It says so in its name, and its addresses are under
 * `.invalid` (RFC 6761 §6.4), which never resolves: no question or incident report can reach a
 * stranger, as it could under a registrable placeholder domain such as example.nl.
 */
export const UNCONFIGURED_CONTACT: OpenApiContact = {
  name: 'Not configured: each deployment names its own contact (API_CONTACT_NAME, API_CONTACT_EMAIL, API_CONTACT_URL)',
  email: 'api-contact-not-configured@beroepsgeheim.invalid',
  url: 'https://beroepsgeheim.invalid/api-contact-not-configured',
};

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid; `detail` and `invalidParams` name every offending field.',
  401: 'No API key, or an unknown or revoked one.',
  403: 'The API key lacks the scope this operation needs.',
  404: 'The resource does not exist or belongs to another organisation.',
  406: 'None of the media types in `Accept` can be produced.',
  409: 'A request with the same Idempotency-Key is still being processed.',
  413: 'The request body is too large.',
  415: 'The request body is not application/json.',
  422: 'The request is well-formed but cannot be processed (`detail` says why), e.g. an Idempotency-Key used before with a different request, or a consent that cannot be registered or used.',
  429: 'Too many requests for this API key; see Retry-After.',
  500: 'Unexpected server error; no internals are disclosed.',
  503: 'Temporarily unavailable (database unreachable or service overloaded); see Retry-After.',
};

const API_VERSION_HEADER = { $ref: '#/components/headers/API-Version' };
/** W3C Trace Context on every operation (src/http/trace-context.ts, docs/ldv.md). */
const TRACEPARENT_HEADER = { $ref: '#/components/headers/traceparent' };
const TRACE_PARAMETERS = [
  { $ref: '#/components/parameters/traceparent' },
  { $ref: '#/components/parameters/tracestate' },
];
const LOCATION_HEADER = { $ref: '#/components/headers/Location' };

/** Header parameters under their HTTP names (Fastify validates them lower-cased). */
const HEADER_NAMES: Record<string, string> = {
  'idempotency-key': 'Idempotency-Key',
  'accept-language': 'Accept-Language',
  prefer: 'Prefer',
};

/** The server URL: a template, since the host is the deployment's (served copies fill it in). */
export const SERVER = {
  url: `https://{host}${API_PREFIX}`,
  description: 'Your deployment, behind TLS (README.md, "Running with Docker").',
  variables: { host: { default: 'localhost:3000', description: 'Host name (and port) of the service.' } },
};
const ROOT_SERVER = { ...SERVER, url: 'https://{host}' };

/** The document's own resource, described as /core/publish-openapi asks. */
const OPENAPI_PATH_ITEM = {
  get: {
    operationId: 'getOpenApiDocument',
    tags: ['Health'],
    summary: 'This OpenAPI document',
    description: 'Readable without an API key and from any origin. Also served at `/openapi.json`.',
    responses: {
      '200': {
        description: 'The OpenAPI document of this API, with `servers` naming the host that answered.',
        headers: {
          'API-Version': API_VERSION_HEADER,
          'access-control-allow-origin': {
            description: 'Any origin may read the document.',
            schema: { type: 'string', const: '*' },
          },
        },
        content: { 'application/json': { schema: { type: 'object' } } },
      },
    },
  },
};

const SUCCESS_DESCRIPTIONS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created: recorded before this response was sent.',
  '204': 'No content',
};

/**
 * The zod provider emits every named schema twice, as request ("…Input") and response shape, the
 * response one closed with `additionalProperties: false`. Keep one name where the two differ only
 * in that, and drop named schemas nothing refers to, so the document has one `Problem`, `ApiKey`…
 */
function mergeInputSchemas(document: Json): Json {
  const pruned = dropUnreferencedSchemas(document);
  const schemas = (pruned.components as { schemas: Record<string, unknown> }).schemas;
  const normalise = (value: unknown) =>
    JSON.stringify(value, (key, v) =>
      key === 'additionalProperties' && v === false ? undefined : v,
    ).replace(/#\/components\/schemas\/([A-Za-z0-9]+)Input"/g, '#/components/schemas/$1"');
  const renamed = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    const base = name.endsWith('Input') ? name.slice(0, -'Input'.length) : undefined;
    // Request-only schemas take the plain name; shared ones merge when the shapes agree.
    if (base && (!(base in schemas) || normalise(schemas[name]) === normalise(schemas[base]))) {
      renamed.set(name, base);
    }
  }
  let text = JSON.stringify(pruned);
  for (const [from, to] of renamed) {
    text = text.replaceAll(`"#/components/schemas/${from}"`, `"#/components/schemas/${to}"`);
  }
  const merged = JSON.parse(text) as Json;
  const mergedSchemas = (merged.components as { schemas: Record<string, unknown> }).schemas;
  for (const [from, to] of renamed) {
    if (!(to in mergedSchemas)) mergedSchemas[to] = mergedSchemas[from];
    delete mergedSchemas[from];
  }
  // In name order (code units, not a locale): zod's registry lists schemas in the order their
  // modules were first imported, which differs between entry points (the service, `npm run
  // openapi`, a test importing one module first), and the committed document must not depend on it.
  (merged.components as Json).schemas = Object.fromEntries(
    Object.entries(mergedSchemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return merged;
}

/** Removes named schemas nothing refers to (repeatedly: removing one can orphan another). */
function dropUnreferencedSchemas(document: Json): Json {
  const copy = JSON.parse(JSON.stringify(document)) as Json;
  const schemas = (copy.components as { schemas?: Record<string, unknown> }).schemas ?? {};
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of Object.keys(schemas)) {
      const { [name]: _self, ...others } = schemas;
      const elsewhere = JSON.stringify({
        ...copy,
        components: { ...(copy.components as Json), schemas: others },
      });
      if (!elsewhere.includes(`"#/components/schemas/${name}"`)) {
        delete schemas[name];
        changed = true;
      }
    }
  }
  return copy;
}

/** Realistic examples (openapi-examples.ts) on the request body and success responses. */
function addExamples(operation: { operationId?: string; requestBody?: Json; responses?: Json }): void {
  const examples = operation.operationId ? OPERATION_EXAMPLES[operation.operationId] : undefined;
  if (!examples) return;
  const json = (holder: Json | undefined) =>
    ((holder?.content as Json | undefined)?.['application/json'] as Json | undefined) ?? undefined;
  const body = json(operation.requestBody);
  if (body && examples.request) body.examples = examples.request;
  for (const [status, named] of Object.entries(examples.responses ?? {})) {
    const content = json(operation.responses?.[status] as Json | undefined);
    if (content) content.examples = named;
  }
}

/**
 * `/v1/assessments/:id` → `/assessments/{id}`, as the document names paths: relative to the server
 * URL, which carries the major version (@fastify/swagger strips it from the routes' URLs).
 */
const documentPath = (url: string) =>
  (url.startsWith(`${API_PREFIX}/`) ? url.slice(API_PREFIX.length) : url).replace(
    /:([A-Za-z0-9_]+)/g,
    '{$1}',
  );

export function openApiOptions(contact: OpenApiContact = UNCONFIGURED_CONTACT): FastifyDynamicSwaggerOptions {
  // Error statuses per operation, collected while routes are transformed and written into the
  // finished document as references to the shared problem responses.
  const problemsByOperation = new Map<string, number[]>();
  // Paths under the server URL's /v1; the others (health) name their own server.
  const apiPaths = new Set<string>();
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Beroepsgeheim decision service',
        version: API_VERSION,
        description:
          'Weighs a request to share client information against the Dutch rules on professional secrecy ' +
          '(beroepsgeheim), says what may be shared and what must be withheld and why, with sources, and ' +
          'records every weighing in an append-only, tamper-evident audit trail.',
        contact: { name: contact.name, email: contact.email, url: contact.url },
        license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
      },
      servers: [SERVER],
      tags: [
        { name: 'Assessments', description: 'Weighing sharing requests and their follow-up.' },
        {
          name: 'Consents',
          description:
            'The consent registry: register a consent once, withdraw it, and let weighings reference it (docs/consents.md).',
        },
        { name: 'Questionnaire', description: 'The questions and rules the weighing uses.' },
        { name: 'Audit', description: 'Integrity of the audit trail.' },
        {
          name: 'Exports',
          description: 'The tuchtrecht dossier of one weighing and streamed bulk exports (docs/exports.md).',
        },
        {
          name: 'Case view',
          description:
            'Sharing the outcome of weighings of one case with a Veiligheidshuis (docs/exports.md).',
        },
        { name: 'API keys', description: 'Managing the API keys of your organisation.' },
        { name: 'Health', description: 'Liveness and readiness.' },
      ],
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key of your organisation: `Authorization: Bearer <key>`.',
          },
        },
        headers: {
          'API-Version': {
            description: 'The full semantic version of this API (NL GOV API Design Rules).',
            schema: { type: 'string', example: API_VERSION },
          },
          traceparent: {
            description:
              "W3C Trace Context: the request's trace id (the caller's, or a new one) and this service's span id.",
            schema: { type: 'string', example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
          },
          Location: {
            description: 'The path of the resource this request created.',
            schema: { type: 'string', example: '/v1/assessments/3f1c0d2e-8a4b-4c6d-9e7f-0a1b2c3d4e5f' },
          },
        },
        parameters: {
          traceparent: {
            name: 'traceparent',
            in: 'header',
            required: false,
            description:
              "W3C Trace Context of the calling system. Continued when valid (the processing log names the caller's " +
              'span); a missing or invalid value starts a new trace, never an error.',
            schema: { type: 'string', example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
          },
          tracestate: {
            name: 'tracestate',
            in: 'header',
            required: false,
            description: 'W3C Trace Context vendor state; validated, neither stored nor logged.',
            schema: { type: 'string' },
          },
        },
        responses: Object.fromEntries(
          Object.entries(PROBLEM_DESCRIPTIONS).map(([status, description]) => [
            `Problem${status}`,
            {
              description: `${titleFor(Number(status))}. ${description}`,
              headers: { 'API-Version': API_VERSION_HEADER, traceparent: TRACEPARENT_HEADER },
              content: {
                [PROBLEM_CONTENT_TYPE]: {
                  schema: { $ref: '#/components/schemas/Problem' },
                  ...(PROBLEM_EXAMPLES[Number(status)] ? { example: PROBLEM_EXAMPLES[Number(status)] } : {}),
                },
              },
            },
          ]),
        ),
      },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const schema = out.schema as Json;
      if (schema.hide) return out;
      const config = (input.route.config ?? {}) as { problems?: number[] };
      const statuses = new Set<number>([500]);
      if (input.url.startsWith(API_PREFIX)) {
        for (const s of [401, 403, 429, 503]) statuses.add(s);
        if (input.route.method === 'POST') for (const s of [400, 413, 415]) statuses.add(s);
        if ((input.route.schema as Json | undefined)?.querystring) statuses.add(400);
        schema.security = [{ apiKey: [] }];
      }
      for (const s of config.problems ?? []) statuses.add(s);
      const methods = Array.isArray(input.route.method) ? input.route.method : [input.route.method];
      if (input.url.startsWith(`${API_PREFIX}/`)) apiPaths.add(documentPath(input.url));
      for (const method of methods) {
        problemsByOperation.set(`${method.toLowerCase()} ${documentPath(input.url)}`, [...statuses].sort());
      }
      return out;
    },
    transformObject: (documentObject) => {
      const document = mergeInputSchemas(jsonSchemaTransformObject(documentObject) as Json) as Json & {
        paths?: Json;
      };
      // Every response documents the API-Version header, and every 201 the Location of what it
      // created; success responses are generated from the route schemas, so they are added here.
      const paths: Json = {};
      for (const [path, operations] of Object.entries(document.paths ?? {}) as Array<[string, Json]>) {
        for (const [method, operation] of Object.entries(operations) as Array<
          [string, { responses?: Json; parameters?: Json[]; operationId?: string; requestBody?: Json }]
        >) {
          operation.parameters = [...(operation.parameters ?? []), ...TRACE_PARAMETERS];
          const responses: Json = {};
          for (const [status, response] of Object.entries(operation.responses ?? {}) as Array<
            [string, Json]
          >) {
            responses[status] = {
              ...response,
              description:
                response.description === 'Default Response'
                  ? (SUCCESS_DESCRIPTIONS[status] ?? 'Success')
                  : response.description,
              headers: {
                ...(response.headers as Json | undefined),
                'API-Version': API_VERSION_HEADER,
                traceparent: TRACEPARENT_HEADER,
                ...(status === '201' ? { Location: LOCATION_HEADER } : {}),
              },
            };
          }
          for (const status of problemsByOperation.get(`${method} ${path}`) ?? []) {
            responses[String(status)] = { $ref: `#/components/responses/Problem${status}` };
          }
          operation.responses = responses;
          for (const parameter of operation.parameters ?? []) {
            const name = parameter.name as string;
            if (parameter.in === 'header') parameter.name = HEADER_NAMES[name] ?? name;
          }
          addExamples(operation);
        }
        // @fastify/swagger writes paths relative to the server URL, which carries the major
        // version; the few outside it (health) name their own server.
        paths[path] = apiPaths.has(path) ? operations : { servers: [ROOT_SERVER], ...operations };
      }
      paths['/openapi.json'] = OPENAPI_PATH_ITEM;
      document.paths = paths;
      return document as ReturnType<typeof jsonSchemaTransformObject>;
    },
  };
}
