/**
 * The released statement format `beroepsgeheim.checkpoint/1` is read strictly: a statement is
 * accepted only as exactly the members of its kind, each valid, in canonical form. Each case below
 * breaks one thing of a statement that is otherwise accepted, so each shows one check at work.
 */
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_SCHEMA,
  type ExportStatement,
  type HeadStatement,
  parseStatement,
  positionsOf,
} from '../../src/audit/statement.js';
import { canonicalJson } from '../../src/lib/canonical-json.js';

const TENANT = '3f2c8a10-5b7d-4e21-9c3a-0d1e2f3a4b5c';
const ASSESSMENT = '7d0c1a9e-1234-4567-8901-123456789abc';
const hash = (c: string) => c.repeat(64);

const head: HeadStatement = {
  schema: CHECKPOINT_SCHEMA,
  kind: 'head',
  tenantId: TENANT,
  sequence: 7,
  hash: hash('a'),
  signedAt: '2026-11-30T08:15:00.000Z',
  publicKeyId: '0123456789abcdef',
};

const exported: ExportStatement = {
  schema: CHECKPOINT_SCHEMA,
  kind: 'export',
  tenantId: TENANT,
  assessmentId: ASSESSMENT,
  entries: [
    { sequence: 2, hash: hash('b') },
    { sequence: 5, hash: hash('c') },
  ],
  head: { sequence: 9, hash: hash('d') },
  verifiedAt: '2026-11-30T08:14:59.999Z',
  signedAt: '2026-11-30T08:15:00.000Z',
  publicKeyId: 'fedcba9876543210',
};

/** The statement with some members replaced (undefined: left out), as the signed canonical text. */
const text = (statement: object, changes: Record<string, unknown> = {}) =>
  canonicalJson({ ...statement, ...changes });

describe('parseStatement accepts well-formed statements', () => {
  it('a head statement, as the value it signs', () => {
    expect(parseStatement(text(head))).toEqual(head);
    expect(positionsOf(head)).toEqual([{ sequence: 7, hash: hash('a') }]);
  });

  it('an export statement; its positions are its entries, then its head', () => {
    expect(parseStatement(text(exported))).toEqual(exported);
    expect(positionsOf(exported)).toEqual([
      { sequence: 2, hash: hash('b') },
      { sequence: 5, hash: hash('c') },
      { sequence: 9, hash: hash('d') },
    ]);
  });

  it('an export of the head itself (the last entry at the head) and of sequence 1', () => {
    const atHead = {
      entries: [
        { sequence: 1, hash: hash('e') },
        { sequence: 9, hash: hash('d') },
      ],
    };
    expect(parseStatement(text(exported, atHead))).toEqual({ ...exported, ...atHead });
  });
});

describe('parseStatement refuses anything else (null, never a throw)', () => {
  it.each([
    ['not JSON', 'not json'],
    ['JSON, but an array', '[1]'],
    ['JSON, but null', 'null'],
    ['JSON, but a string', '"x"'],
    ['another schema', text(head, { schema: 'beroepsgeheim.checkpoint/2' })],
    ['no schema', text(head, { schema: undefined })],
    ['an unknown kind', text(head, { kind: 'tail' })],
    ['no kind', text(head, { kind: undefined })],
    // The signed bytes are the canonical form: the same value written differently is not it.
    ['not canonical: spaces', JSON.stringify(head, null, 1)],
    ['not canonical: member order', JSON.stringify(head)],
    ['a value canonical JSON cannot write (lone surrogate)', text(head).replace('"head"', '"\\ud800"')],
  ])('%s', (_, value) => {
    expect(parseStatement(value)).toBeNull();
  });

  it.each([
    ['tenantId not a UUID', { tenantId: 'tenant' }],
    ['tenantId in capitals', { tenantId: TENANT.toUpperCase() }],
    ['tenantId a number', { tenantId: 1 }],
    ['signedAt without milliseconds', { signedAt: '2026-11-30T08:15:00Z' }],
    ['signedAt in the right shape but no date', { signedAt: '2026-13-45T08:15:00.000Z' }],
    ['signedAt a number', { signedAt: 1_764_490_500_000 }],
    ['publicKeyId too short', { publicKeyId: '0123456789abcde' }],
    ['publicKeyId not hex', { publicKeyId: '0123456789abcdeg' }],
    ['publicKeyId a number', { publicKeyId: 123 }],
    ['a member too many', { extra: 1 }],
    ['sequence missing', { sequence: undefined }],
    ['sequence 0', { sequence: 0 }],
    ['sequence not whole', { sequence: 1.5 }],
    ['sequence as text', { sequence: '7' }],
    ['hash too short', { hash: 'a'.repeat(63) }],
    ['hash in capitals', { hash: 'A'.repeat(64) }],
    ['hash a number', { hash: 1 }],
    ['an export member on a head', { assessmentId: ASSESSMENT }],
    // Each text member must be text: a list holding the right text is not it.
    ['tenantId as a list', { tenantId: [TENANT] }],
    ['signedAt as a list', { signedAt: [head.signedAt] }],
    ['publicKeyId as a list', { publicKeyId: [head.publicKeyId] }],
  ])('head: %s', (_, changes) => {
    expect(parseStatement(text(head, changes))).toBeNull();
  });

  const position = (sequence: unknown, h: unknown = hash('b')) => ({ sequence, hash: h });
  it.each([
    ['assessmentId missing', { assessmentId: undefined }],
    ['assessmentId not a UUID', { assessmentId: 'a' }],
    ['assessmentId a number', { assessmentId: 1 }],
    ['verifiedAt missing', { verifiedAt: undefined }],
    ['verifiedAt not a time', { verifiedAt: '2026-11-30' }],
    ['a member too many', { sequence: 9 }],
    ['head missing', { head: undefined }],
    ['head not a position', { head: hash('d') }],
    ['head with a member too many', { head: { ...position(9), extra: 1 } }],
    ['head at a sequence that is not whole', { head: position(9.5) }],
    ['no entries', { entries: [] }],
    ['entries not a list', { entries: position(2) }],
    ['an entry at sequence 0', { entries: [position(0)] }],
    ['an entry with a bad hash', { entries: [position(2, 'x')] }],
    ['an entry without its hash', { entries: [{ sequence: 2 }] }],
    ['an entry with a member too many', { entries: [{ ...position(2), extra: 1 }] }],
    ['an entry that is a list', { entries: [[2, hash('b')]] }],
    ['entries out of order', { entries: [position(5), position(2)] }],
    ['an entry twice', { entries: [position(5), position(5)] }],
    ['an entry beyond the head', { entries: [position(2), position(10)] }],
    ['a head member on an export', { hash: hash('a') }],
    ['assessmentId as a list', { assessmentId: [ASSESSMENT] }],
    ['the head as text', { head: 'ab' }],
    ['an entry as text', { entries: ['ab'] }],
    ['a bad entry after a good one', { entries: [position(2), position(5, 'x')] }],
    ['an entry hash as a list', { entries: [position(2, [hash('b')])] }],
    ['an unknown kind with the members of an export', { kind: 'tail' }],
  ])('export: %s', (_, changes) => {
    expect(parseStatement(text(exported, changes))).toBeNull();
  });
});
