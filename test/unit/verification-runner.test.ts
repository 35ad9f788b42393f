/**
 * The runner around full verifications: one run per organisation shared by whoever asks, a
 * service-wide cap, and a run stopped once every client waiting for it has left.
 */
import { describe, expect, it } from 'vitest';
import type { VerificationReport } from '../../src/services/audit-verifier.js';
import { VerificationCapacityError, VerificationRunner } from '../../src/services/verification-runner.js';

/** A verifier whose runs end when the test says so, and that records what it was asked. */
function fakeVerifier() {
  const runs: Array<{
    tenantId: string;
    signal: AbortSignal;
    pause: () => number;
    finish: () => void;
  }> = [];
  return {
    runs,
    verify(
      tenantId: string,
      options: { signal?: AbortSignal; pauseMs?: number | (() => number) } = {},
    ): Promise<VerificationReport> {
      const pauseMs = options.pauseMs ?? 0;
      return new Promise((resolve, reject) => {
        const signal = options.signal!;
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        runs.push({
          tenantId,
          signal,
          pause: typeof pauseMs === 'function' ? pauseMs : () => pauseMs,
          finish: () =>
            resolve({ tenantId, verifiedAt: `run ${runs.length}` } as unknown as VerificationReport),
        });
      });
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('VerificationRunner', () => {
  it('paces all runs together to about half of the process: longer pauses beside other runs', async () => {
    const verifier = fakeVerifier();
    const runner = new VerificationRunner(verifier, { maxConcurrent: 3, pauseMs: 5 });
    const a = runner.verify('org-a');
    await tick();
    // Alone: 5 ms of work, 5 ms pause.
    expect(verifier.runs[0]!.pause()).toBe(5);
    const b = runner.verify('org-b');
    const c = runner.verify('org-c');
    await tick();
    // Three runs of 5 ms work each in every 30 ms: half.
    for (const run of verifier.runs) expect(run.pause()).toBe(25);
    verifier.runs[2]!.finish();
    verifier.runs[1]!.finish();
    await Promise.all([b, c]);
    expect(verifier.runs[0]!.pause()).toBe(5);
    verifier.runs[0]!.finish();
    await a;
  });

  it('shares one run per organisation among everyone who asks while it runs', async () => {
    const verifier = fakeVerifier();
    const runner = new VerificationRunner(verifier, { maxConcurrent: 2 });
    const asked = Array.from({ length: 12 }, () => runner.verify('org-a'));
    await tick();
    expect(verifier.runs).toHaveLength(1);
    verifier.runs[0]!.finish();
    const reports = await Promise.all(asked);
    expect(new Set(reports.map((r) => r.verifiedAt)).size).toBe(1);
    expect(runner.running()).toBe(0);
    // Asked afterwards: a new run.
    const later = runner.verify('org-a');
    await tick();
    expect(verifier.runs).toHaveLength(2);
    verifier.runs[1]!.finish();
    await later;
  });

  it('caps the runs in the whole service and says when to retry', async () => {
    const verifier = fakeVerifier();
    const runner = new VerificationRunner(verifier, { maxConcurrent: 2, retryAfterSeconds: 7 });
    const a = runner.verify('org-a');
    const b = runner.verify('org-b');
    await expect(runner.verify('org-c')).rejects.toEqual(new VerificationCapacityError(7));
    // Joining a run under way is not a new run: allowed at the cap.
    const a2 = runner.verify('org-a');
    await tick();
    expect(verifier.runs.map((r) => r.tenantId)).toEqual(['org-a', 'org-b']);
    for (const run of verifier.runs) run.finish();
    await Promise.all([a, b, a2]);
    const c = runner.verify('org-c');
    await tick();
    verifier.runs[2]!.finish();
    await c;
  });

  it('stops a run once every client waiting for it has left, not before', async () => {
    const verifier = fakeVerifier();
    const runner = new VerificationRunner(verifier, { maxConcurrent: 2 });
    const first = new AbortController();
    const second = new AbortController();
    const one = runner.verify('org-a', first.signal);
    const two = runner.verify('org-a', second.signal);
    await tick();
    const run = verifier.runs[0]!;
    first.abort(new Error('gone'));
    await expect(one).rejects.toThrow('gone');
    expect(run.signal.aborted).toBe(false);
    second.abort(new Error('gone too'));
    await expect(two).rejects.toThrow('gone too');
    expect(run.signal.aborted).toBe(true);
    await tick();
    expect(runner.running()).toBe(0);
    // Whoever asks next gets a run of their own.
    const again = runner.verify('org-a');
    await tick();
    expect(verifier.runs).toHaveLength(2);
    verifier.runs[1]!.finish();
    await again;
  });

  it('counts a stopping run against the cap until its work has ended', async () => {
    let release!: () => void;
    const slowToStop = {
      verify: (_tenantId: string, options: { signal?: AbortSignal } = {}) =>
        new Promise<VerificationReport>((_resolve, reject) => {
          // The work notices the abort only at its next yield.
          options.signal!.addEventListener('abort', () => {
            release = () => reject(options.signal!.reason);
          });
        }),
    };
    const runner = new VerificationRunner(slowToStop, { maxConcurrent: 1 });
    const client = new AbortController();
    const asked = runner.verify('org-a', client.signal);
    client.abort(new Error('gone'));
    await expect(asked).rejects.toThrow('gone');
    await expect(runner.verify('org-b')).rejects.toBeInstanceOf(VerificationCapacityError);
    release();
    await tick();
    expect(runner.running()).toBe(0);
  });
});
