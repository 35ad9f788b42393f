/**
 * The routes the running app really serves, read from its router (so hidden routes count too),
 * for tests that must cover every route: a route added later without a row in their tables makes
 * them fail instead of going untested.
 */
import type { FastifyInstance } from 'fastify';

export interface LiveRoute {
  method: string;
  /** As Fastify writes it: `/v1/assessments/:id`. */
  url: string;
}

/** `GET /v1/assessments/:id` */
export const routeKey = (route: LiveRoute) => `${route.method} ${route.url}`;

/**
 * API routes that need no key: the OpenAPI document at the API's base URL (/core/publish-openapi).
 * Tables of authenticated routes leave them out; test/integration/platform.test.ts covers them.
 */
export const PUBLIC_API_ROUTES = new Set(['GET /v1/openapi.json']);

/**
 * `/v1/assessments/:id` → `/assessments/{id}`: the document's paths are relative to its server URL,
 * which carries the major version.
 */
export const documentPath = (url: string) => url.replace(/^\/v\d+(?=\/)/, '').replace(/:(\w+)/g, '{$1}');

/** The authenticated API operations of an OpenAPI document, as route keys (`GET /v1/…/:id`). */
export function documentedApiRoutes(document: {
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, unknown>>;
}): string[] {
  const base = new URL(document.servers[0]!.url.replace('{host}', 'host')).pathname;
  return Object.entries(document.paths)
    .filter(([, item]) => !('servers' in item))
    .flatMap(([path, item]) =>
      Object.keys(item).map(
        (method) => `${method.toUpperCase()} ${base}${path.replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    )
    .filter((key) => !PUBLIC_API_ROUTES.has(key));
}

/**
 * Parses `printRoutes({ commonPrefix: false })`: one line per node, indented by depth, each
 * segment appended to its parent's path, methods in parentheses. HEAD (added by Fastify for every
 * GET) and the catch-all OPTIONS of CORS are left out.
 */
export function liveRoutes(app: FastifyInstance, prefix = '/v1/'): LiveRoute[] {
  const stack: string[] = [];
  const routes: LiveRoute[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      if (PUBLIC_API_ROUTES.has(`${method} ${path}`)) continue;
      if (path.startsWith(prefix)) routes.push({ method, url: path });
    }
  }
  return routes;
}
