/**
 * A full verification over ranges in worker threads, each on its own connection: the same
 * findings as a verification in one thread, whatever the number of workers and the size of the
 * ranges, at the links between ranges in particular, and with several faults the first of them
 * with its reason; and it can be stopped.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../src/audit/chain.js';
import { consentRequest, sharingRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let key: string;
let tenantId: string;
const ENTRIES = 41;

beforeAll(async () => {
  t = await startTestApp();
  ({ key, tenantId } = await t.createKey('Parallel'));
  for (let i = 1; i < ENTRIES; i++) {
    const res = await t.http
      .post('/v1/assessments')
      .set({ Authorization: `Bearer ${key}` })
      .send(i % 2 ? sharingRequest({ caseRef: `PAR-${i}` }) : consentRequest({ caseRef: `PAR-${i}` }));
    expect(res.status).toBe(201);
  }
});
afterAll(() => t.close());

const here = () => t.backend.verifier.verify(tenantId, { workers: 0 });
const inParallel = (workers: number, rangeSize: number) =>
  t.backend.verifier.verify(tenantId, { workers, rangeSize, minEntries: 0 });
const findings = (r: Awaited<ReturnType<typeof here>>) => ({
  intact: r.intact,
  recordsChecked: r.recordsChecked,
  headSequence: r.headSequence,
  headHash: r.headHash,
  firstBrokenLink: r.firstBrokenLink,
  checks: r.checks,
});

/** Every combination below puts range boundaries at different entries. */
const SHAPES: Array<[workers: number, rangeSize: number]> = [
  [1, 1],
  [2, 4],
  [3, 7],
];

async function expectAllAgree(): Promise<ReturnType<typeof findings>> {
  const expected = findings(await here());
  for (const [workers, rangeSize] of SHAPES) {
    expect(
      findings(await inParallel(workers, rangeSize)),
      `${workers} workers, ranges of ${rangeSize}`,
    ).toEqual(expected);
  }
  return expected;
}

/** Alters rows with the triggers off for the duration of `expectation`, then restores them. */
async function tampered(
  change: [sql: string, params: unknown[]],
  undo: [sql: string, params: unknown[]],
  expectation: () => Promise<void>,
) {
  await t.db.asAttacker((c) => c.query(...change));
  try {
    await expectation();
  } finally {
    await t.db.asAttacker((c) => c.query(...undo));
  }
}

describe('parallel verification', () => {
  it('finds an intact chain intact, with the same head, however it is cut', async () => {
    const report = await expectAllAgree();
    expect(report).toMatchObject({ intact: true, headSequence: ENTRIES, recordsChecked: ENTRIES });
  });

  it.each([
    [1, 'the first entry, the creation of a key'],
    [5, 'the first entry of a range of four'],
    [8, 'the last entry of a range of seven'],
    [ENTRIES, 'the last entry of the chain'],
  ])('finds a changed record at entry %i (%s), as one thread does', async (sequence) => {
    await tampered(
      [
        `UPDATE audit_chain SET content = content || ' ' WHERE tenant_id = $1 AND sequence = $2`,
        [tenantId, sequence],
      ],
      [
        'UPDATE audit_chain SET content = left(content, -1) WHERE tenant_id = $1 AND sequence = $2',
        [tenantId, sequence],
      ],
      async () => {
        const report = await expectAllAgree();
        expect(report.firstBrokenLink).toEqual({
          sequence,
          reason: 'the entry content does not match its hash',
        });
      },
    );
  });

  it('finds a link broken between two ranges (the entry and its hash rewritten to name another)', async () => {
    const { rows } = await t.db.query<{ content: string; previous_hash: string; hash: string }>(
      'SELECT content, previous_hash, hash FROM audit_chain WHERE tenant_id = $1 AND sequence = 9',
      [tenantId],
    );
    const original = rows[0]!;
    const forgedPrevious = 'e'.repeat(64);
    const rewrite =
      'UPDATE audit_chain SET previous_hash = $3, hash = $4 WHERE tenant_id = $1 AND sequence = $2';
    await tampered(
      [rewrite, [tenantId, 9, forgedPrevious, chainHash(forgedPrevious, original.content)]],
      [rewrite, [tenantId, 9, original.previous_hash, original.hash]],
      async () => {
        const report = await expectAllAgree();
        expect(report.firstBrokenLink).toEqual({
          sequence: 9,
          reason: 'the entry does not name the hash of the entry before it',
        });
      },
    );
  });

  it.each([
    [13, 'inside ranges'],
    [29, 'at the start of a range of four'],
  ])('finds a deleted record (entry %i, %s), as one thread does', async (sequence) => {
    const entry = await t.db.query('SELECT * FROM audit_chain WHERE tenant_id = $1 AND sequence = $2', [
      tenantId,
      sequence,
    ]);
    const index = await t.db.query('SELECT * FROM assessments WHERE tenant_id = $1 AND sequence = $2', [
      tenantId,
      sequence,
    ]);
    await t.db.asAttacker(async (c) => {
      await c.query('DELETE FROM assessments WHERE tenant_id = $1 AND sequence = $2', [tenantId, sequence]);
      await c.query('DELETE FROM audit_chain WHERE tenant_id = $1 AND sequence = $2', [tenantId, sequence]);
    });
    try {
      const report = await expectAllAgree();
      expect(report.firstBrokenLink).toEqual({
        sequence,
        reason: `entry ${sequence} is missing (the next entry found is ${sequence + 1})`,
      });
    } finally {
      await t.db.asAttacker(async (c) => {
        const e = entry.rows[0]!;
        await c.query(
          `INSERT INTO audit_chain (tenant_id, sequence, entry_type, entity_id, recorded_at, content, previous_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            e.tenant_id,
            e.sequence,
            e.entry_type,
            e.entity_id,
            e.recorded_at,
            e.content,
            e.previous_hash,
            e.hash,
          ],
        );
        const a = index.rows[0]!;
        const columns = Object.keys(a);
        await c.query(
          `INSERT INTO assessments (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          columns.map((k) => a[k]),
        );
      });
    }
    expect((await here()).intact).toBe(true);
  });

  it('finds a chain rewritten after a transparency checkpoint was signed, as one thread does', async () => {
    // The log's checkpoint pins the tree over the chain as it is now.
    await t.backend.transparency.signCheckpoint(tenantId);
    const { rows } = await t.db.query<{
      sequence: string;
      content: string;
      previous_hash: string;
      hash: string;
    }>(
      'SELECT sequence, content, previous_hash, hash FROM audit_chain WHERE tenant_id = $1 AND sequence >= 20 ORDER BY sequence',
      [tenantId],
    );
    // Entry 20's content changed and every hash from there recomputed: links and hashes verify,
    // only the tree's root (recomputed in the workers' leaf hashes) no longer matches.
    const rewritten: Array<[number, string, string, string]> = [];
    let previous = rows[0]!.previous_hash;
    for (const [i, row] of rows.entries()) {
      const content = i === 0 ? row.content.replace('"PAR-', '"PAX-') : row.content;
      const hash = chainHash(previous, content);
      rewritten.push([Number(row.sequence), content, previous, hash]);
      previous = hash;
    }
    const rewrite = async (values: Array<[number, string, string, string]>) =>
      t.db.asAttacker(async (c) => {
        for (const [sequence, content, previousHash, hash] of values) {
          await c.query(
            'UPDATE audit_chain SET content = $3, previous_hash = $4, hash = $5 WHERE tenant_id = $1 AND sequence = $2',
            [tenantId, sequence, content, previousHash, hash],
          );
        }
      });
    await rewrite(rewritten);
    try {
      const report = await expectAllAgree();
      expect(report.intact).toBe(false);
      expect(report.firstBrokenLink?.reason).toMatch(/another root than the tree/);
    } finally {
      await rewrite(rows.map((r) => [Number(r.sequence), r.content, r.previous_hash, r.hash]));
    }
    expect((await here()).intact).toBe(true);
  });

  it('finds the first of several faults, with its reason, as one thread does, however it is cut', async () => {
    // Several faults in one chain, anywhere: a worker may meet a later one before another worker
    // meets the first, and the report must still name the first, with the reason one thread gives.
    type Kind = 'content' | 'link' | 'index';
    const REASONS: Record<Kind, string | RegExp> = {
      content: 'the entry content does not match its hash',
      link: 'the entry does not name the hash of the entry before it',
      index: /caseRef/,
    };
    // Faults near each other, so that several often fall in one range or in neighbouring ones.
    const nearbyFaults = fc
      .tuple(
        fc.integer({ min: 1, max: ENTRIES }),
        fc.uniqueArray(
          fc.record({
            offset: fc.integer({ min: 0, max: 10 }),
            kind: fc.constantFrom<Kind>('content', 'link', 'index'),
          }),
          { minLength: 1, maxLength: 3, selector: (f) => f.offset },
        ),
      )
      .map(([base, near]) =>
        near
          .map(({ offset, kind }) => ({ sequence: base + offset, kind }))
          .filter((f) => f.sequence <= ENTRIES)
          // Entry 1, the key's creation, has no index row, and a check constraint pins its link
          // to the genesis hash even with the triggers off: only its content can be changed.
          .map((f) => (f.sequence === 1 ? { ...f, kind: 'content' as const } : f)),
      )
      .filter((list) => list.length > 0);
    const { rows: originals } = await t.db.query<{
      sequence: string;
      content: string;
      previous_hash: string;
      hash: string;
      case_ref: string | null;
    }>(
      `SELECT c.sequence, c.content, c.previous_hash, c.hash, a.case_ref
         FROM audit_chain c LEFT JOIN assessments a ON a.tenant_id = c.tenant_id AND a.sequence = c.sequence
        WHERE c.tenant_id = $1 ORDER BY c.sequence`,
      [tenantId],
    );
    const original = (sequence: number) => originals[sequence - 1]!;
    expect(originals.map((r) => Number(r.sequence))).toEqual(
      Array.from({ length: ENTRIES }, (_, i) => i + 1),
    );

    await fc.assert(
      fc.asyncProperty(
        nearbyFaults,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 9 }),
        async (faults, workers, rangeSize) => {
          await t.db.asAttacker(async (c) => {
            for (const { sequence, kind } of faults) {
              const row = original(sequence);
              if (kind === 'content') {
                await c.query('UPDATE audit_chain SET content = $3 WHERE tenant_id = $1 AND sequence = $2', [
                  tenantId,
                  sequence,
                  `${row.content} `,
                ]);
              } else if (kind === 'link') {
                // One forged predecessor per entry: a unique index refuses two entries naming the same.
                const forged = sequence.toString(16).padStart(64, 'f');
                await c.query(
                  'UPDATE audit_chain SET previous_hash = $3, hash = $4 WHERE tenant_id = $1 AND sequence = $2',
                  [tenantId, sequence, forged, chainHash(forged, row.content)],
                );
              } else {
                await c.query(
                  `UPDATE assessments SET case_ref = 'ANDERE-ZAAK' WHERE tenant_id = $1 AND sequence = $2`,
                  [tenantId, sequence],
                );
              }
            }
          });
          try {
            const expected = findings(await here());
            const first = faults.reduce((a, b) => (b.sequence < a.sequence ? b : a));
            expect(expected.intact).toBe(false);
            expect(expected.firstBrokenLink).toEqual({
              sequence: first.sequence,
              reason:
                typeof REASONS[first.kind] === 'string'
                  ? REASONS[first.kind]
                  : expect.stringMatching(REASONS[first.kind]),
            });
            expect(
              findings(await inParallel(workers, rangeSize)),
              `${workers} workers, ranges of ${rangeSize}`,
            ).toEqual(expected);
          } finally {
            await t.db.asAttacker(async (c) => {
              for (const { sequence } of faults) {
                const row = original(sequence);
                await c.query(
                  'UPDATE audit_chain SET content = $3, previous_hash = $4, hash = $5 WHERE tenant_id = $1 AND sequence = $2',
                  [tenantId, sequence, row.content, row.previous_hash, row.hash],
                );
                await c.query('UPDATE assessments SET case_ref = $3 WHERE tenant_id = $1 AND sequence = $2', [
                  tenantId,
                  sequence,
                  row.case_ref,
                ]);
              }
            });
          }
        },
      ),
      {
        numRuns: 16,
        // Always among them: a fault only the coordinator sees (an index row) before one a worker
        // sees in the same range, and faults on both sides of a boundary between ranges.
        examples: [
          // ranges of 5: 11–15
          [
            [
              { sequence: 12, kind: 'index' },
              { sequence: 14, kind: 'content' },
            ],
            2,
            5,
          ],
          // ranges of 9: 1–9
          [
            [
              { sequence: 5, kind: 'index' },
              { sequence: 7, kind: 'link' },
            ],
            3,
            9,
          ],
          // ranges of 7: 22–28 | 29–35
          [
            [
              { sequence: 28, kind: 'index' },
              { sequence: 29, kind: 'link' },
            ],
            2,
            7,
          ],
          // ranges of 4: 17–20 | 21–24
          [
            [
              { sequence: 20, kind: 'link' },
              { sequence: 21, kind: 'content' },
              { sequence: 23, kind: 'index' },
            ],
            1,
            4,
          ],
        ],
      },
    );
    expect((await here()).intact).toBe(true);
  });

  it('stops when its signal is aborted, and verifies again afterwards', async () => {
    const controller = new AbortController();
    const run = t.backend.verifier.verify(tenantId, {
      workers: 2,
      rangeSize: 1,
      minEntries: 0,
      signal: controller.signal,
    });
    controller.abort(new Error('the client went away'));
    await expect(run).rejects.toThrow('the client went away');
    expect((await inParallel(2, 3)).intact).toBe(true);
  });

  it('refuses to start for a signal already aborted', async () => {
    await expect(
      t.backend.verifier.verify(tenantId, { workers: 2, minEntries: 0, signal: AbortSignal.abort() }),
    ).rejects.toThrow();
  });
});
