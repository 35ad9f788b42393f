/**
 * The bytes a recorded weighing is answered with and the digest it is recorded with are built
 * from remembered pieces (src/lib/json-bytes.ts, issue #15). They must be exactly the bytes of
 * the one-string serialisations they replace: JSON.stringify for the answer, canonical JSON
 * (RFC 8785) hashed with SHA-256 for the result digest. Compared here on generated values, frozen
 * or not, and on engine results for generated requests under every ruleset, in both languages.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, getRuleset, listRulesets } from '../../src/engine/index.js';
import { canonicalJson } from '../../src/lib/canonical-json.js';
import { canonicalDigest, jsonUtf8 } from '../../src/lib/json-bytes.js';
import { compactResult, presentBytes, presentJson, resultDigest } from '../../src/services/assessments.js';
import type { PlacedEntry } from '../../src/services/audit-trail.js';
import { SERVICE_VERSION } from '../../src/version.js';
import { requestArbFor } from '../engine/support/arbitraries.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
};
/** Freezes some objects of a value and not others, as engine results mix both. */
const freezeSome = (value: unknown, pick: () => boolean): unknown => {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) freezeSome(v, pick);
    if (pick()) Object.freeze(value);
  }
  return value;
};
const same = (value: unknown) => {
  expect(jsonUtf8(value).equals(Buffer.from(JSON.stringify(value), 'utf8'))).toBe(true);
  expect(canonicalDigest(value)).toBe(sha256(canonicalJson(value)));
};

describe('JSON bytes from remembered pieces', () => {
  it('are JSON.stringify and the canonical digest byte for byte, frozen or not, every time', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.integer({ min: 0, max: 2 }),
        fc.infiniteStream(fc.boolean()),
        (value, mode, coins) => {
          const subject =
            mode === 0 ? value : mode === 1 ? deepFreeze(value) : freezeSome(value, () => coins.next().value);
          same(subject);
          same(subject); // the second time from what was remembered
          same([subject, { inner: subject }]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('follow JSON.stringify and canonical JSON where they treat odd members differently', () => {
    const inner = Object.freeze({ z: '‘quoted’ – §', a: [1, undefined, null] });
    same({ b: undefined, a: inner, 2: 'two', 1: Object.freeze(['x', inner]) });
    const withFunction = { keep: 1, drop: () => 1, list: [() => 1] };
    expect(jsonUtf8(withFunction).toString()).toBe(JSON.stringify(withFunction));
    expect(() => canonicalDigest(withFunction)).toThrow();
    const date = Object.freeze({ at: new Date(0) });
    expect(jsonUtf8(date).toString()).toBe(JSON.stringify(date));
    expect(canonicalDigest(date)).toBe(sha256(canonicalJson(date)));
    // A lone surrogate: escaped by JSON.stringify, refused by canonical JSON.
    expect(jsonUtf8({ s: '\ud800' }).toString()).toBe(JSON.stringify({ s: '\ud800' }));
    expect(() => canonicalDigest({ s: '\ud800' })).toThrow(/surrogate/);
    expect(() => canonicalDigest({ n: Number.NaN })).toThrow();
  });

  it('never serve a stale text for a frozen object holding something that can still change', () => {
    const changing = { n: 1 };
    const holder = Object.freeze({ changing });
    same(holder);
    changing.n = 2;
    same(holder);
    expect(jsonUtf8(holder).toString()).toContain('"n":2');
  });

  for (const { version, hash } of listRulesets()) {
    const ruleset = getRuleset(hash)!;
    it(`give the recorded answer and digest of engine results byte for byte (ruleset ${version})`, () => {
      fc.assert(
        fc.property(requestArbFor(ruleset), fc.constantFrom('nl', 'en' as const), (request, language) => {
          const result = evaluate(request, { language, referenceDate: '2026-12-01' }, ruleset);
          expect(resultDigest(result)).toBe(sha256(canonicalJson(result)));
          const placed: PlacedEntry = {
            tenantId: '00000000-0000-4000-8000-000000000001',
            sequence: 42,
            entryType: 'assessment.recorded',
            entityId: '00000000-0000-4000-8000-000000000002',
            recordedAt: new Date('2026-12-01T10:00:00.123Z'),
            content: '',
            previousHash: 'a'.repeat(64),
            hash: 'b'.repeat(64),
          };
          for (const view of [result, compactResult(result)]) {
            const old = presentJson(
              placed.entityId,
              placed,
              request.caseRef,
              JSON.stringify(view),
              undefined,
            );
            const bytes = presentBytes(placed.entityId, placed, request.caseRef, jsonUtf8(view), undefined);
            expect(bytes.equals(Buffer.from(old, 'utf8'))).toBe(true);
            // And what the old code sent: JSON.stringify of the whole recorded answer.
            expect(old).toBe(
              JSON.stringify({
                id: placed.entityId,
                recordedAt: placed.recordedAt.toISOString(),
                caseRef: request.caseRef,
                serviceVersion: SERVICE_VERSION,
                ...view,
                integrity: { sequence: 42, hash: placed.hash, previousHash: placed.previousHash },
              }),
            );
          }
        }),
        { numRuns: 150 },
      );
    }, 60_000);
  }
});
