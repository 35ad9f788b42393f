import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Language } from '../engine/vocabulary.js';
import { machineValue } from './schemas/text.js';

/**
 * Texts are Dutch unless the caller prefers English (Accept-Language, RFC 9110 §12.5.4): the
 * highest-weighted tag of the two wins, Dutch on a tie or when neither is named.
 */
export function negotiateLanguage(request: FastifyRequest): Language {
  return preferredLanguage(request) ?? 'nl';
}

/**
 * The language the caller's Accept-Language prefers, of the two the texts exist in; undefined
 * when it names neither (or is absent), so that the caller's default applies (for a weighing:
 * the language of its record).
 */
export function preferredLanguage(request: FastifyRequest): Language | undefined {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string' || header.length > 500) return undefined;
  let nl = -1;
  let en = -1;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    const primary = tag.split('-')[0];
    if (primary === 'nl') nl = Math.max(nl, q);
    if (primary === 'en') en = Math.max(en, q);
  }
  if (en <= 0 && nl <= 0) return undefined;
  return en > 0 && en > nl ? 'en' : 'nl';
}

/** The Accept-Language request header, declared on the operations whose texts it chooses. */
export const LanguageHeaders = z.looseObject({
  'accept-language': machineValue(
    z.string(),
    'A language preference: read to choose the texts, never stored or logged.',
  )
    .optional()
    .describe('`en` for English texts; Dutch (`nl`) otherwise (RFC 9110 §12.5.4 weights are honoured).')
    .meta({ example: 'en' }),
});
