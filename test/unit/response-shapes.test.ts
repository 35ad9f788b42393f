/**
 * The weighing routes send the engine's result as serialised by the service, without passing it
 * through the response schema on the way out (the serializer's encode and check cost more than
 * the engine itself). That is safe because the check could never fail and would change nothing:
 * for any request, the result in either view satisfies its response schema, and encoding it
 * through that schema gives the same JSON value (no member added, dropped or changed; members may
 * come in another order, which JSON does not give meaning to: RFC 8259 §4, and the canonical form
 * the result digest is taken over, RFC 8785, sorts them anyway).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evaluate } from '../../src/engine/index.js';
import { preferences } from '../../src/http/prefer.js';
import { AssessmentEvaluation, AssessmentEvaluationCompact } from '../../src/http/schemas/assessment.js';
import { canonicalJson } from '../../src/lib/canonical-json.js';
import { compactResult } from '../../src/services/assessments.js';
import { requestArb } from '../engine/support/arbitraries.js';

describe('the engine result needs no check on the way out', () => {
  it('satisfies the response schema, in full and compact view, and encoding it changes no value', () => {
    fc.assert(
      fc.property(requestArb(), fc.constantFrom('nl', 'en' as const), (request, language) => {
        const result = evaluate(request, { language, referenceDate: '2026-12-01' });
        for (const [schema, body] of [
          [AssessmentEvaluation, result],
          [AssessmentEvaluationCompact, compactResult(result)],
        ] as const) {
          const encoded = z.safeEncode(schema, body as never);
          expect(encoded.success, JSON.stringify(encoded.error?.issues)).toBe(true);
          expect(canonicalJson(JSON.parse(JSON.stringify(encoded.data)))).toBe(
            canonicalJson(JSON.parse(JSON.stringify(body))),
          );
        }
      }),
      { numRuns: 150 },
    );
    // Several hundred full evaluations and encodings: generous on a busy machine.
  }, 60_000);

  it('the compact view is the full one without the per-rule trace, nothing else', () => {
    fc.assert(
      fc.property(requestArb(), (request) => {
        const result = evaluate(request, { language: 'nl', referenceDate: '2026-12-01' });
        const { trace, ...rest } = result;
        expect(trace.length).toBeGreaterThan(0);
        expect(compactResult(result)).toEqual(rest);
      }),
      { numRuns: 100 },
    );
  });
});

describe('Prefer (RFC 7240)', () => {
  it.each([
    ['return=minimal', 'minimal'],
    ['RETURN = "Minimal"', 'minimal'],
    ['respond-async, return=minimal; foo=bar', 'minimal'],
    ['return=representation, return=minimal', 'representation'],
    ['return', ''],
    ['wait=10', undefined],
  ])('%s → return %s', (header, expected) => {
    expect(preferences(header).get('return')).toBe(expected);
  });

  it('reads every Prefer header line', () => {
    expect(preferences(['wait=5', 'return=minimal']).get('return')).toBe('minimal');
  });
});
