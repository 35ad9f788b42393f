/**
 * The Prefer request header (RFC 7240). Only `return=minimal` is honoured, on the weighing routes:
 * the compact form of a weighing (see ResultView). A preference the service does not know, or a
 * malformed header, is ignored as RFC 7240 §2 asks; when one is applied, the response says so in
 * Preference-Applied and varies on Prefer.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { machineValue } from './schemas/text.js';

/** Preferences named in the header(s), lower-cased, with their values (unquoted, lower-cased). */
export function preferences(header: string | string[] | undefined): Map<string, string> {
  const found = new Map<string, string>();
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [header];
  for (const line of lines) {
    for (const part of line.split(',')) {
      // Parameters after ';' belong to the preference; none matters here.
      const [token = ''] = part.split(';');
      const eq = token.indexOf('=');
      const name = (eq < 0 ? token : token.slice(0, eq)).trim().toLowerCase();
      const value =
        eq < 0
          ? ''
          : token
              .slice(eq + 1)
              .trim()
              .replace(/^"(.*)"$/, '$1')
              .toLowerCase();
      // The first occurrence of a preference wins (RFC 7240 §2).
      if (name && !found.has(name)) found.set(name, value);
    }
  }
  return found;
}

/** Whether the request prefers a minimal response; if so, the reply says it was applied. */
export function applyReturnMinimal(request: FastifyRequest, reply: FastifyReply): boolean {
  reply.header('Vary', 'Accept-Language, Prefer');
  if (preferences(request.headers.prefer).get('return') !== 'minimal') return false;
  reply.header('Preference-Applied', 'return=minimal');
  return true;
}

export const PreferHeader = machineValue(
  z.string(),
  'A response preference: read to choose the form of the answer, never stored or logged.',
)
  .optional()
  .describe(
    'RFC 7240. `return=minimal` asks for the compact form of the weighing (without the per-rule `trace`); ' +
      'the full form is the default. What is recorded is the same either way.',
  );
