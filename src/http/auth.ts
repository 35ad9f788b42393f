/**
 * Bearer API-key authentication for every /v1 route, and scope checks per route. Routes declare
 * the scope they need in `config.scope`; a route without one is refused (fail closed).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal, Scope } from '../auth/principal.js';
import { HttpProblem } from './problem.js';

export type { Principal, Scope };

export interface Authenticator {
  /** Resolves a presented key to its principal, or null when unknown or revoked. */
  authenticate(presentedKey: string): Promise<Principal | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Scope a key needs for this route (any one of a list); routes under /v1 must declare it. */
    scope?: Scope | readonly Scope[];
    /** Error statuses this route can answer with, for the OpenAPI document. */
    problems?: number[];
  }
}

const BEARER = /^Bearer +([\x21-\x7e]{16,512})$/;

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpProblem(401, 'Authentication is required.');
  return request.principal;
}

/** Installs the hook in the encapsulated /v1 context only; health and docs stay open. */
export function installAuthentication(v1: FastifyInstance, authenticator: Authenticator): void {
  v1.decorateRequest('principal', null);
  v1.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    if (!header) {
      reply.header('WWW-Authenticate', 'Bearer');
      throw new HttpProblem(401, 'Send an API key as "Authorization: Bearer <key>".');
    }
    const match = BEARER.exec(header);
    const principal = match ? await authenticator.authenticate(match[1]!) : null;
    if (!principal) {
      reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new HttpProblem(401, 'The API key is not valid or has been revoked.');
    }
    request.principal = principal;
    const needed = request.routeOptions.config.scope;
    if (!needed) throw new HttpProblem(403, 'This route is not available to API keys.');
    const anyOf: readonly Scope[] = typeof needed === 'string' ? [needed] : needed;
    if (!anyOf.some((scope) => principal.scopes.includes(scope))) {
      const names = anyOf.map((s) => `"${s}"`).join(' or ');
      throw new HttpProblem(403, `This API key lacks the ${names} scope that this route requires.`);
    }
  });
}
