/**
 * The API's request schema mirrors the engine's (adding only what the API boundary knows: no
 * reference or text may hold a BSN, control or bidi characters; and documentation). This proves
 * they accept and refuse the same requests, so the two cannot drift apart unnoticed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessmentRequestSchema } from '../../src/engine/index.js';
import { AssessmentRequestBody } from '../../src/http/schemas/assessment.js';
import { containsBsn } from '../../src/lib/bsn.js';
import { requestArb } from '../engine/support/arbitraries.js';
import { bsnSpellingArb } from '../support/bsn.js';

const mutation = fc.oneof(
  fc.constant((r: Record<string, unknown>) => ({ ...r, caseRef: '' })),
  fc.constant((r: Record<string, unknown>) => ({ ...r, requestedInformation: [] })),
  fc.constant((r: Record<string, unknown>) => ({ ...r, extra: 1 })),
  fc.constant((r: Record<string, unknown>) => ({ ...r, answers: { 'no.suchQuestion': true } })),
  fc.constant((r: Record<string, unknown>) => ({ ...r, answers: { 'consent.given': 'ja' } })),
  fc.constant((r: Record<string, unknown>) => ({ ...r, answers: { 'consent.validUntil': '2026-02-30' } })),
  fc.constant((r: Record<string, unknown>) => ({ ...r, recipient: { type: 'buurman' } })),
  fc.constant((r: Record<string, unknown>) => ({
    ...r,
    client: { ...(r.client as object), ageGroup: 'baby' },
  })),
);

// Generated texts may contain control or bidi characters, which only the API refuses (no
// reference or name needs them); keep them printable so that the comparison is about shape, types,
// values and BSNs.
const UNPRINTABLE = new Set([
  0x61c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);
const unprintable = (ch: string) => {
  const code = ch.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || UNPRINTABLE.has(code);
};
const clean = (v: string) => [...v].map((ch) => (unprintable(ch) ? 'x' : ch)).join('') || 'x';
const printable = (r: Record<string, unknown>) => {
  const client = r.client as { ref: string };
  const professional = r.professional as { ref: string };
  const recipient = r.recipient as { name?: string };
  const purpose = r.purpose as { description?: string };
  return {
    ...r,
    caseRef: clean(r.caseRef as string),
    client: { ...client, ref: clean(client.ref) },
    professional: { ...professional, ref: clean(professional.ref) },
    recipient: recipient.name === undefined ? recipient : { ...recipient, name: clean(recipient.name) },
    purpose:
      purpose.description === undefined ? purpose : { ...purpose, description: clean(purpose.description) },
  };
};

const TEXT_FIELDS = ['caseRef', 'client.ref', 'professional.ref', 'recipient.name', 'purpose.description'];

/** A request with, in about half the runs, a BSN in some spelling written into some text fields. */
const withBsns = fc.tuple(
  requestArb(),
  fc.array(fc.tuple(fc.constantFrom(...TEXT_FIELDS), bsnSpellingArb), { maxLength: 2 }),
);

function put(request: Record<string, unknown>, field: string, text: string): Record<string, unknown> {
  const [head, tail] = field.split('.') as [string, string | undefined];
  if (!tail) return { ...request, [head]: text.slice(0, 100) };
  return { ...request, [head]: { ...(request[head] as object), [tail]: text.slice(0, 100) } };
}

const texts = (r: Record<string, unknown>) =>
  TEXT_FIELDS.map((field) => {
    const [head, tail] = field.split('.') as [string, string | undefined];
    const value = tail ? (r[head] as Record<string, unknown>)[tail] : r[head];
    return typeof value === 'string' ? value : '';
  });

describe('the API request schema and the engine request schema', () => {
  it('accept the same valid requests, apart from BSNs in references and texts, which only the API refuses', () => {
    const reached = { accepted: 0, refusedForBsn: 0 };
    fc.assert(
      fc.property(withBsns, ([generated, bsns]) => {
        let request: Record<string, unknown> = printable(generated as unknown as Record<string, unknown>);
        for (const [field, { text }] of bsns) request = put(request, field, text);
        const engine = assessmentRequestSchema.safeParse(request).success;
        const api = AssessmentRequestBody.safeParse(request);
        const holdsBsn = texts(request).some((text) => containsBsn(text));
        expect(engine).toBe(true);
        expect(api.success).toBe(!holdsBsn);
        if (api.success) reached.accepted += 1;
        else {
          // Refused for the BSN alone, with the refusal the HTTP layer answers 422 for.
          expect(
            api.error.issues.every(
              (i) => (i as { params?: { refusal?: string } }).params?.refusal === 'contains_bsn',
            ),
          ).toBe(true);
          reached.refusedForBsn += 1;
        }
      }),
      { numRuns: 500 },
    );
    // Both branches: generated references alone (almost) never pass the elfproef.
    expect(reached.accepted).toBeGreaterThan(50);
    expect(reached.refusedForBsn).toBeGreaterThan(50);
  });

  it('refuse the same invalid requests', () => {
    fc.assert(
      fc.property(requestArb(), mutation, (generated, mutate) => {
        const request = mutate(printable(generated as unknown as Record<string, unknown>));
        expect(assessmentRequestSchema.safeParse(request).success).toBe(false);
        expect(AssessmentRequestBody.safeParse(request).success).toBe(false);
      }),
    );
  });
});
