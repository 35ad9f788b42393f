/**
 * Proactive content negotiation on `Accept` (RFC 9110 §12.5.1): the offered media type with the
 * highest weight wins, the server's order breaking ties; `q=0` refuses a type. No header, or one
 * naming none of the offered types but allowing any (`*\/*`), picks the first offered.
 */
import type { FastifyRequest } from 'fastify';

interface Range {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  for (const part of header.split(',')) {
    const [media = '', ...params] = part.trim().toLowerCase().split(';');
    const [type, subtype] = media.trim().split('/');
    if (!type || !subtype) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q < 0 || q > 1) continue;
    ranges.push({ type, subtype, q });
  }
  return ranges;
}

/** The weight the Accept ranges give one media type: the most specific matching range counts. */
function weight(ranges: Range[], media: string): number {
  const [type, subtype] = media.split('/');
  let best: { specificity: number; q: number } | undefined;
  for (const range of ranges) {
    const specificity =
      range.type === type && range.subtype === subtype
        ? 2
        : range.type === type && range.subtype === '*'
          ? 1
          : range.type === '*' && range.subtype === '*'
            ? 0
            : -1;
    if (specificity < 0) continue;
    if (!best || specificity > best.specificity) best = { specificity, q: range.q };
  }
  return best?.q ?? 0;
}

/** The offered media type to send, or undefined when Accept refuses all of them (406). */
export function negotiateMediaType(request: FastifyRequest, offered: readonly string[]): string | undefined {
  const header = request.headers.accept;
  if (typeof header !== 'string' || header.trim() === '' || header.length > 1_000) return offered[0];
  const ranges = parseAccept(header);
  if (ranges.length === 0) return offered[0];
  let chosen: string | undefined;
  let chosenWeight = 0;
  for (const media of offered) {
    const w = weight(ranges, media);
    if (w > chosenWeight) {
      chosen = media;
      chosenWeight = w;
    }
  }
  return chosen;
}
