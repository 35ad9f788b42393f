/**
 * Turns schema validation failures into a 400 problem that names every offending field. Reasons
 * are our own words keyed by the kind of failure: the messages of the validation library can quote
 * submitted values (an unknown key, say), and submitted values may be personal data.
 */
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { HttpProblem, type InvalidParam } from './problem.js';
import { REFUSAL_PARAM } from './schemas/text.js';

const CONTEXT_NAMES: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

const SAFE_KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_LISTED = 20;

interface IssueParams {
  expected?: unknown;
  keys?: unknown;
  values?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
  format?: unknown;
  /** The params of a custom issue (storable-text refusals mark theirs, see schemas/text.ts). */
  params?: Record<string, unknown>;
}

function reasonFor(code: string, message: string, params: IssueParams): string {
  switch (code) {
    case 'invalid_type':
      if (params.expected === 'undefined' || params.expected === 'never') return 'is not allowed here';
      if (message.endsWith('received undefined')) return 'is required';
      return `must be of type ${String(params.expected)}`;
    case 'invalid_value':
      return Array.isArray(params.values) && params.values.length <= 30
        ? `must be one of: ${params.values.map((v) => JSON.stringify(v)).join(', ')}`
        : 'has a value that is not allowed';
    case 'too_small':
      if (params.origin === 'array') return `must contain at least ${String(params.minimum)} item(s)`;
      if (params.origin === 'string') return `must be at least ${String(params.minimum)} character(s) long`;
      return `must be at least ${String(params.minimum)}`;
    case 'too_big':
      if (params.origin === 'array') return `must contain at most ${String(params.maximum)} item(s)`;
      if (params.origin === 'string') return `must be at most ${String(params.maximum)} character(s) long`;
      return `must be at most ${String(params.maximum)}`;
    case 'invalid_format':
      return params.format === 'regex'
        ? 'does not have the required format'
        : `must be a valid ${String(params.format)}`;
    case 'custom':
      // Custom messages are written in this code base and never contain the value.
      return message;
    case 'invalid_union':
      return 'does not match any of the allowed shapes';
    default:
      return 'is invalid';
  }
}

export function toInvalidParams(
  context: string | undefined,
  errors: FastifySchemaValidationError[],
): InvalidParam[] {
  const where = CONTEXT_NAMES[context ?? 'body'] ?? 'body';
  const out: InvalidParam[] = [];
  for (const error of errors) {
    const path = error.instancePath
      .split('/')
      .filter(Boolean)
      .map((segment) => (SAFE_KEY.test(segment) ? segment : '(field)'));
    const base = [where, ...path].join('.');
    const params = (error.params ?? {}) as IssueParams;
    if (error.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
      for (const key of params.keys) {
        const safe = typeof key === 'string' && SAFE_KEY.test(key);
        out.push({
          name: safe ? `${base}.${key}` : base,
          code: 'unknown_field',
          reason:
            path.at(-1) === 'answers'
              ? 'is not a known question id (see GET /v1/questions)'
              : 'is not a known field',
        });
      }
      continue;
    }
    const reason = reasonFor(error.keyword, error.message ?? '', params);
    const refusal = params.params?.[REFUSAL_PARAM];
    const code =
      typeof refusal === 'string' ? refusal : reason === 'is required' ? 'required' : error.keyword;
    out.push({ name: base, code, reason });
  }
  return out;
}

/**
 * 400, or 422 when the only fault is personal data that may not be stored (a BSN): the request is
 * well-formed, and the same request without it would be accepted.
 */
export function validationProblem(
  context: string | undefined,
  errors: FastifySchemaValidationError[],
): HttpProblem {
  const invalidParams = toInvalidParams(context, errors);
  const status = invalidParams.every((p) => p.code === 'contains_bsn') ? 422 : 400;
  const listed = invalidParams
    .slice(0, MAX_LISTED)
    .map((p) => `${p.name} ${p.reason}`)
    .join('; ');
  const more = invalidParams.length > MAX_LISTED ? ` (and ${invalidParams.length - MAX_LISTED} more)` : '';
  return new HttpProblem(status, `The request is invalid: ${listed}${more}.`, { invalidParams });
}
