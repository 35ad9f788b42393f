/**
 * Content-Security-Policy per response. The API answers JSON, so its policy forbids everything;
 * the docs UI loads its own scripts and styles from this service and nothing else.
 *
 * `upgrade-insecure-requests` is sent only on a request that arrived over TLS (directly, or through
 * a proxy that says so in X-Forwarded-Proto while TRUST_PROXY is on). Sent over plain HTTP from any
 * non-loopback address, it made browsers fetch the docs' scripts over https, which nothing served:
 * a blank page.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const DOCS_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
].join('; ');

/** Whether the browser reached us over https (Fastify reads X-Forwarded-Proto only with trustProxy). */
export const overTls = (request: FastifyRequest) => request.protocol === 'https';

export function contentSecurityPolicy(request: FastifyRequest, docsPrefix: string): string {
  const path = request.url.split('?', 1)[0] ?? '';
  const base = path === docsPrefix || path.startsWith(`${docsPrefix}/`) ? DOCS_CSP : API_CSP;
  return overTls(request) ? `${base}; upgrade-insecure-requests` : base;
}

export function installContentSecurity(app: FastifyInstance, docsPrefix: string): void {
  // onSend runs after helmet (onRequest) and the docs plugin, so this is the header that goes out.
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('Content-Security-Policy', contentSecurityPolicy(request, docsPrefix));
    return payload;
  });
}
