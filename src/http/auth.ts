/**
 * Bearer API-key authentication for every /v1 route, and scope checks per route. Routes declare
 * the scope they need in `config.scope`; a route without one is refused (fail closed).
 *
 * Before any key is looked up, an address that presented too many keys that did not authenticate
 * gets 429 (see FailureLimiter): guessing keys, or a misconfigured client hammering with a revoked
 * one, cannot make the service look keys up without bound. Keys this process already knows to be
 * valid (resolved from its cache, without a database round trip) still pass, so one bad client
 * behind a shared address does not lock out the good ones.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authentication, AuthFailure, Principal, Scope } from '../auth/principal.js';
import { HttpProblem } from './problem.js';

export type { Principal, Scope };

export interface Authenticator {
  /** Resolves a presented key to its principal, or says why it does not authenticate. */
  authenticate(presentedKey: string): Promise<Authentication>;
  /** The principal of a key known valid without a database round trip; undefined when not known. */
  cached?(presentedKey: string): Principal | undefined;
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

// RFC 9110 §11.1: the scheme is case-insensitive, followed by one or more spaces; the key is a
// token68-like run of visible ASCII.
const CREDENTIALS = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) +(\S+)$/;
const KEY = /^[\x21-\x7e]{16,512}$/;

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpProblem(401, 'Authentication is required.');
  return request.principal;
}

const USAGE = 'Send an API key as "Authorization: Bearer <key>".';

function unauthorised(detail: string, invalidToken: boolean): HttpProblem {
  return new HttpProblem(401, detail, {
    headers: { 'WWW-Authenticate': invalidToken ? 'Bearer error="invalid_token"' : 'Bearer' },
  });
}

/** Every Authorization header line as sent (Node's `headers` keeps only the first). */
function authorizationHeaders(request: FastifyRequest): string[] {
  const raw = request.raw.rawHeaders;
  if (!Array.isArray(raw) || raw.length === 0) {
    const header = request.headers.authorization;
    return header === undefined ? [] : [header];
  }
  const sent: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'authorization') sent.push(raw[i + 1]!);
  }
  return sent;
}

/** The key of a well-formed Bearer header, or the problem with the header as it was sent. */
function presentedKey(request: FastifyRequest): string {
  const sent = authorizationHeaders(request);
  // Node keeps only the first of repeated Authorization headers; which one a proxy forwards or
  // logs may differ, so a request with two is refused rather than judged on either.
  if (sent.length > 1) {
    throw new HttpProblem(400, 'The request has more than one Authorization header; send exactly one.', {
      title: 'Invalid request',
      invalidParams: [{ name: 'header.Authorization', code: 'repeated', reason: 'is sent more than once' }],
    });
  }
  const header = sent[0];
  if (!header) throw unauthorised(`Authentication is required. ${USAGE}`, false);
  const match = CREDENTIALS.exec(header.trim());
  if (!match) {
    throw unauthorised(
      `The Authorization header has no authentication scheme (or is malformed). ${USAGE}`,
      false,
    );
  }
  if (match[1]!.toLowerCase() !== 'bearer') {
    throw unauthorised(`Only the Bearer scheme is accepted. ${USAGE}`, false);
  }
  if (!KEY.test(match[2]!)) throw unauthorised('The API key is malformed.', true);
  return match[2]!;
}

const FAILURE_DETAIL: Record<AuthFailure, string> = {
  unknown: 'The API key is not valid.',
  revoked: 'The API key has been revoked.',
  expired: 'The API key has expired. Ask an administrator of your organisation for a new one.',
};

export interface FailureLimit {
  /** Failed authentications per address per minute before that address gets 429. */
  perMinute: number;
}

/**
 * Failed authentications per client address in fixed one-minute windows. In memory and per
 * process, like the rate limits; bounded so that a flood from many addresses cannot grow it.
 */
export class FailureLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private static readonly MAX_ADDRESSES = 50_000;

  constructor(private readonly perMinute: number) {}

  /** Seconds until the address may try again, or 0 when it may now. */
  blockedFor(address: string, now = Date.now()): number {
    const window = this.windows.get(address);
    if (!window || window.resetAt <= now) return 0;
    return window.count >= this.perMinute ? Math.ceil((window.resetAt - now) / 1000) : 0;
  }

  fail(address: string, now = Date.now()): void {
    let window = this.windows.get(address);
    if (!window || window.resetAt <= now) {
      if (this.windows.size >= FailureLimiter.MAX_ADDRESSES) this.evict(now);
      window = { count: 0, resetAt: now + 60_000 };
      this.windows.set(address, window);
    }
    window.count += 1;
  }

  private evict(now: number): void {
    for (const [address, window] of this.windows) if (window.resetAt <= now) this.windows.delete(address);
    // Still full: the oldest windows go (insertion order).
    for (const address of this.windows.keys()) {
      if (this.windows.size < FailureLimiter.MAX_ADDRESSES) break;
      this.windows.delete(address);
    }
  }
}

/** Installs the hook in the encapsulated /v1 context only; health and docs stay open. */
export function installAuthentication(
  v1: FastifyInstance,
  authenticator: Authenticator,
  limit: FailureLimit = { perMinute: 300 },
): void {
  const failures = new FailureLimiter(limit.perMinute);
  v1.decorateRequest('principal', null);
  v1.addHook('onRequest', async (request) => {
    const key = presentedKey(request);
    let principal = authenticator.cached?.(key);
    if (!principal) {
      const wait = failures.blockedFor(request.ip);
      if (wait > 0) {
        throw new HttpProblem(
          429,
          `Too many requests with API keys that are not valid from this address. Retry after ${wait} seconds.`,
          { headers: { 'Retry-After': String(wait) } },
        );
      }
      const result = await authenticator.authenticate(key);
      if ('failure' in result) {
        failures.fail(request.ip);
        throw unauthorised(FAILURE_DETAIL[result.failure], true);
      }
      principal = result.principal;
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
