/**
 * One guard for every string a request can carry (src/http/schemas/text.ts): this walks the
 * request schemas of every route the app serves (body, query, path, headers) and fails for a
 * string field that is not built with `storableText`, so a field added later cannot escape the
 * BSN, control-character and bidi checks. The only exceptions are zod's own formats (UUIDs,
 * date-times) and fields declared a `machineValue`, each listed here with its route.
 */
import type { RouteOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildApp } from '../../src/http/app.js';
import { isMachineValue, isStorableText, textProblem } from '../../src/http/schemas/text.js';
import type { AppServices } from '../../src/http/services.js';

const placeholder = new Proxy({} as AppServices, {
  get: () => new Proxy({}, { get: () => () => undefined }),
});

/** zod formats that cannot carry free text. */
const FORMATS = new Set(['uuid', 'guid', 'datetime', 'date', 'time']);
/** zod types that hold no text a caller chooses. */
const NO_TEXT = new Set(['enum', 'literal', 'boolean', 'number', 'bigint', 'null', 'undefined', 'never']);

interface Leaf {
  where: string;
  kind: 'guarded' | 'format' | 'machine' | 'ESCAPES';
}

/** `open`: the schemas on the path to this one (recursive schemas end the walk there). */
function walk(schema: z.ZodType, where: string, out: Leaf[], open = new Set<object>()): void {
  if (open.has(schema)) return;
  open.add(schema);
  try {
    visit(schema, where, out, open);
  } finally {
    open.delete(schema);
  }
}

function visit(schema: z.ZodType, where: string, out: Leaf[], seen: Set<object>): void {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (key: string, suffix = '') => walk(def[key] as z.ZodType, where + suffix, out, seen);
  switch (def.type) {
    case 'string':
      out.push({
        where,
        kind: isStorableText(schema)
          ? 'guarded'
          : isMachineValue(schema)
            ? 'machine'
            : FORMATS.has(String(def.format))
              ? 'format'
              : 'ESCAPES',
      });
      return;
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        walk(value, `${where}.${key}`, out, seen);
      }
      if (def.catchall) {
        const type = (def.catchall as z.ZodType)._zod.def.type;
        // Headers are a loose object: undeclared headers are neither read nor stored.
        if (type === 'unknown' && where.endsWith(' headers')) return;
        if (type !== 'never') inner('catchall', '.*');
      }
      return;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      inner('innerType');
      return;
    case 'pipe':
      inner('in');
      inner('out');
      return;
    case 'transform':
      return;
    case 'array':
      inner('element', '[]');
      return;
    case 'union':
      for (const [i, option] of (def.options as z.ZodType[]).entries())
        walk(option, `${where}|${i}`, out, seen);
      return;
    case 'record':
      inner('keyType', '{key}');
      inner('valueType', '{value}');
      return;
    case 'lazy':
      walk((def.getter as () => z.ZodType)(), where, out, seen);
      return;
    default:
      if (NO_TEXT.has(def.type)) return;
      // unknown, any, custom, …: a value of any shape, so text nobody checks.
      out.push({ where: `${where} (${def.type})`, kind: 'ESCAPES' });
  }
}

const leaves: Leaf[] = [];

beforeAll(async () => {
  const routes: RouteOptions[] = [];
  const app = await buildApp({
    services: placeholder,
    logLevel: 'silent',
    onRoute: (route) => {
      routes.push(route);
    },
  });
  await app.ready();
  await app.close();
  for (const route of routes) {
    const methods = (Array.isArray(route.method) ? route.method : [route.method])
      .filter((m) => m !== 'HEAD')
      .join(',');
    if (!methods) continue;
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    for (const part of ['body', 'querystring', 'params', 'headers']) {
      const value = schema[part] as z.ZodType | undefined;
      if (value && typeof value === 'object' && '_zod' in value) {
        walk(value, `${methods} ${route.url} ${part}`, leaves);
      }
    }
  }
});

describe('every string field of every request schema', () => {
  it('goes through the storable-text guard (or is a UUID, a date-time or a declared machine value)', () => {
    expect(leaves.length).toBeGreaterThan(10);
    expect(leaves.filter((l) => l.kind === 'ESCAPES').map((l) => l.where)).toEqual([]);
  });

  it('covers the fields people type in (and the walk finds them)', () => {
    const guarded = leaves.filter((l) => l.kind === 'guarded').map((l) => l.where);
    for (const field of [
      'POST /v1/assessments body.caseRef',
      'POST /v1/assessments body.client.ref',
      'POST /v1/assessments body.professional.ref',
      'POST /v1/assessments body.recipient.name',
      'POST /v1/assessments body.purpose.description',
      'POST /v1/assessments headers.idempotency-key',
      'POST /v1/assessments/:id/events body.professionalRef',
      'POST /v1/assessments/:id/events body.text',
      'GET /v1/assessments querystring.caseRef',
      'GET /v1/assessments querystring.clientRef',
      'POST /v1/api-keys body.name',
      'POST /v1/access-grants body.caseRef',
      'GET /v1/cases/:caseRef/assessments params.caseRef',
    ]) {
      expect(guarded, field).toContain(field);
    }
  });

  it('exempts only machine values: a digest, dates checked as dates, the language and response preferences, a trace id', () => {
    const exempt = leaves.filter((l) => l.kind === 'machine').map((l) => l.where.split(' ').pop());
    expect([...new Set(exempt)].sort()).toEqual([
      'headers.accept-language',
      // RFC 7240 Prefer (return=minimal): chooses the form of the answer, like Accept-Language.
      'headers.prefer',
      'querystring.from',
      'querystring.recordedFrom',
      'querystring.recordedTo',
      'querystring.rulesetHash',
      'querystring.to',
      // The W3C trace id (random hex, as in traceparent): exempt like that header.
      'querystring.traceId',
    ]);
  });
});

describe('the guard', () => {
  it('refuses control characters everywhere, allowing line breaks and tabs in free text only', () => {
    for (const kind of ['reference', 'name', 'token'] as const) {
      for (const text of ['a\nb', 'a\tb', '\u001b[8mhidden', 'a\u0085b', 'a\u007fb']) {
        expect(textProblem(kind, text)?.refusal, `${kind} ${JSON.stringify(text)}`).toBe(
          'invalid_characters',
        );
      }
    }
    expect(textProblem('free', 'eerste regel\r\ntweede\tregel')).toBeNull();
    expect(textProblem('free', 'ANSI \u001b[2J')?.refusal).toBe('invalid_characters');
  });

  it('refuses bidirectional controls (marks too, except in free text)', () => {
    for (const control of ['\u202e', '\u202a', '\u2066', '\u2069']) {
      for (const kind of ['reference', 'name', 'token', 'free'] as const) {
        expect(textProblem(kind, `key${control}name`)?.refusal).toBe('invalid_characters');
      }
    }
    expect(textProblem('name', 'a\u200fb')?.refusal).toBe('invalid_characters');
    expect(textProblem('free', 'עברית\u200f text')).toBeNull();
  });

  it('refuses unpaired surrogates and BSNs, and accepts ordinary text', () => {
    expect(textProblem('free', 'x\ud800y')?.refusal).toBe('invalid_characters');
    expect(textProblem('free', 'BSN 111 222 333 genoemd')?.refusal).toBe('contains_bsn');
    expect(textProblem('token', 'retry-123456782')?.refusal).toBe('contains_bsn');
    expect(textProblem('name', 'Gemeente Utrecht, werkconsulent')).toBeNull();
    expect(textProblem('free', 'Gesprek op 1-12-2026 om 14:05 met moeder 👩‍👧 (Ĳsselmonde)')).toBeNull();
  });
});
