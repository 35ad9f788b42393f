/**
 * Generates the OpenAPI document from the route definitions without a database: the services are
 * placeholders that are never called while the document is built. `npm run openapi` writes it to
 * openapi/openapi.json; a test fails when the committed file and the code disagree.
 */
import { buildApp } from './app.js';
import type { OpenApiContact } from './openapi.js';
import type { AppServices } from './services.js';

function unavailable(): never {
  throw new Error('not available while generating the OpenAPI document');
}

const placeholderServices = new Proxy({} as AppServices, {
  get: () => new Proxy({}, { get: () => unavailable }),
});

/** Without a contact: the "not configured" placeholder, as committed (UNCONFIGURED_CONTACT). */
export async function generateOpenApiDocument(
  options: { contact?: OpenApiContact } = {},
): Promise<Record<string, unknown>> {
  const app = await buildApp({ services: placeholderServices, logLevel: 'silent', contact: options.contact });
  await app.ready();
  const document = app.swagger() as Record<string, unknown>;
  await app.close();
  return document;
}

export const OPENAPI_PATH = new URL('../../openapi/openapi.json', import.meta.url);

export function serialiseDocument(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
