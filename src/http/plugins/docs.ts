/**
 * The API's description and its docs UI, served by the service itself (no external hosts):
 * - `GET /v1/openapi.json`: the OpenAPI document at the API's base URL, as the NL GOV API Design
 *   Rules ask (/core/publish-openapi), readable from any origin (`Access-Control-Allow-Origin: *`)
 *   and without a key; `GET /openapi.json` serves the same document at the root.
 * - `/docs`: Swagger UI with the service's own title, without the Swagger top bar ("Explore").
 * Both name the contact the deployment configured (API_CONTACT_*, src/config/env.ts).
 * The document's `servers` entry is a template (`https://{host}/v1`); each served copy names the
 * host and scheme the request came in on, so "Try it out" calls this very service.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../api-version.js';
import { OPENAPI_DOCUMENT_PATH, type OpenApiContact, openApiOptions, TITLE } from '../openapi.js';

export const DOCS_PREFIX = '/docs';

type Json = Record<string, unknown>;

/** The document with `servers` pointing at the host this request reached. */
export function servedDocument(document: Json, request: FastifyRequest): Json {
  const origin = `${request.protocol}://${request.host}`;
  const paths = Object.fromEntries(
    Object.entries((document.paths ?? {}) as Record<string, Json>).map(([path, item]) => [
      path,
      item.servers ? { ...item, servers: [{ url: origin, description: 'This server' }] } : item,
    ]),
  );
  return {
    ...document,
    servers: [{ url: `${origin}${API_PREFIX}`, description: 'This server' }],
    paths,
  };
}

/** `contact`: the deployment's own (API_CONTACT_*); without it, the "not configured" placeholder. */
export async function installDocs(app: FastifyInstance, contact?: OpenApiContact): Promise<void> {
  await app.register(swagger, openApiOptions(contact));
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // The BaseLayout has no top bar: no Swagger logo, no "Explore" box that loads other documents.
    uiConfig: { validatorUrl: null, deepLinking: true, layout: 'BaseLayout', displayOperationId: true },
    theme: { title: `${TITLE} — API documentation` },
    // The policy is set per request (plugins/content-security.ts), so that TLS decides upgrades.
    staticCSP: false,
    transformSpecification: (document, request) => servedDocument(document as Json, request),
    transformSpecificationClone: true,
  });
  const openApiDocument = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    reply
      .header('Access-Control-Allow-Origin', '*')
      .header('Cross-Origin-Resource-Policy', 'cross-origin')
      .type('application/json; charset=utf-8');
    return servedDocument(app.swagger() as unknown as Json, request);
  };
  app.get(OPENAPI_DOCUMENT_PATH, { schema: { hide: true } }, openApiDocument);
  app.get('/openapi.json', { schema: { hide: true } }, openApiDocument);
}
