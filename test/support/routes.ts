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
      if (path.startsWith(prefix)) routes.push({ method, url: path });
    }
  }
  return routes;
}
