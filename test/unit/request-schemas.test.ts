/**
 * The API's request schema mirrors the engine's (adding only what the API boundary knows:
 * references must not be BSNs, and documentation). This proves they accept and refuse the same
 * requests, so the two cannot drift apart unnoticed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessmentRequestSchema } from '../../src/engine/index.js';
import { AssessmentRequestBody } from '../../src/http/schemas/assessment.js';
import { containsBsn } from '../../src/lib/bsn.js';
import { requestArb } from '../engine/support/arbitraries.js';

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

// Generated refs may contain control characters, which only the API refuses (they are not opaque
// references); keep to printable refs so that the comparison is about shape, types and values.
const printable = (r: Record<string, unknown>) => {
  const clean = (v: string) =>
    [...v].map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? 'x' : ch)).join('') || 'x';
  const client = r.client as { ref: string };
  const professional = r.professional as { ref: string };
  return {
    ...r,
    caseRef: clean(r.caseRef as string),
    client: { ...client, ref: clean(client.ref) },
    professional: { ...professional, ref: clean(professional.ref) },
  };
};

describe('the API request schema and the engine request schema', () => {
  it('accept the same valid requests (apart from BSN references, which only the API refuses)', () => {
    fc.assert(
      fc.property(requestArb(), (generated) => {
        const request = printable(generated as unknown as Record<string, unknown>);
        const refs = [
          request.caseRef,
          (request.client as { ref: string }).ref,
          (request.professional as { ref: string }).ref,
        ];
        const engine = assessmentRequestSchema.safeParse(request).success;
        const api = AssessmentRequestBody.safeParse(request).success;
        expect(engine).toBe(true);
        expect(api).toBe(!refs.some((ref) => containsBsn(ref as string)));
      }),
    );
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
