/**
 * Full verifications asked for over the API (GET /v1/audit/verify), kept from stalling the
 * service. A full verification reads and hashes a whole chain (seconds to minutes); twelve of them
 * at once stalled every other organisation's requests for seconds, none finished, and the work
 * went on after the clients had left. So, around the verifier (which does the work):
 * - one run per organisation at a time: whoever asks while it runs gets its report (it covers the
 *   chain up to the head it reached, which the report names);
 * - at most `maxConcurrent` runs in the whole service; beyond that, VerificationCapacityError (503
 *   with Retry-After);
 * - a run stops when every client waiting for it has disconnected.
 * Runs are paced: after every 5 ms of work a run pauses, 5 ms alone and longer beside others, so
 * that all runs together take at most about half of the process (on a busy machine, the requests' share of the CPU is what their latency
 * depends on); bench/verify-contention.bench.ts measures other requests meanwhile.
 */
import { CapacityError } from '../errors.js';
import type { VerificationReport } from './audit-verifier.js';

/** Too many full verifications are running in this process (503 with Retry-After). */
export class VerificationCapacityError extends CapacityError {
  constructor(retryAfterSeconds: number) {
    super('too many verifications are running', retryAfterSeconds);
    this.name = 'VerificationCapacityError';
  }
}

/** The run's clients all left before it finished; nobody will read its report. */
export class VerificationAbandonedError extends Error {
  constructor() {
    super('every client waiting for the verification disconnected');
    this.name = 'VerificationAbandonedError';
  }
}

interface Verifier {
  verify(
    tenantId: string,
    options?: { signal?: AbortSignal; pauseMs?: number | (() => number) },
  ): Promise<VerificationReport>;
}

interface Run {
  report: Promise<VerificationReport>;
  controller: AbortController;
  waiting: number;
}

export interface VerificationRunnerOptions {
  /** Full verifications running at once, over all organisations. */
  maxConcurrent: number;
  /**
   * Pause after every few milliseconds of a run's work (see AuditVerifier.verify): a run then takes
   * at most about half of the process's CPU, and requests the rest.
   */
  pauseMs?: number;
  /** Said in Retry-After when the cap is reached. */
  retryAfterSeconds?: number;
}

export class VerificationRunner {
  private readonly runs = new Map<string, Run>();
  /** Runs whose work has not ended, abandoned ones included (they count until they stop). */
  private active = 0;

  constructor(
    private readonly verifier: Verifier,
    private readonly options: VerificationRunnerOptions,
  ) {}

  /** Runs whose work has not ended (for tests and metrics). */
  running(): number {
    return this.active;
  }

  /**
   * The report of a full verification of the organisation's chain: the one under way, or a new
   * one. `signal` is the client's: once every client of a run has aborted, the run stops.
   */
  async verify(tenantId: string, signal?: AbortSignal): Promise<VerificationReport> {
    signal?.throwIfAborted();
    let run = this.runs.get(tenantId);
    if (!run) {
      if (this.active >= this.options.maxConcurrent) {
        throw new VerificationCapacityError(this.options.retryAfterSeconds ?? 10);
      }
      run = this.start(tenantId);
    }
    run.waiting += 1;
    try {
      return await untilAborted(run.report, signal);
    } finally {
      run.waiting -= 1;
      if (run.waiting === 0 && signal?.aborted) this.abandon(tenantId, run);
    }
  }

  private start(tenantId: string): Run {
    const controller = new AbortController();
    const run: Run = { controller, waiting: 0, report: Promise.resolve(undefined as never) };
    this.active += 1;
    run.report = this.verifier
      .verify(tenantId, { signal: controller.signal, pauseMs: () => this.pauseMs() })
      .finally(() => {
        this.active -= 1;
        if (this.runs.get(tenantId) === run) this.runs.delete(tenantId);
      });
    // A run nobody waits for any more must not surface as an unhandled rejection.
    run.report.catch(() => undefined);
    this.runs.set(tenantId, run);
    return run;
  }

  /**
   * The pause of each run, so that all runs together take about half of the process: n runs each
   * working w ms and pausing w·(2n − 1) ms work n·w of every 2n·w ms. A fixed pause per run let two
   * runs take two thirds, and other requests' p99 reached seconds (bench:verify-contention phase 3).
   */
  private pauseMs(): number {
    return (this.options.pauseMs ?? 5) * (2 * Math.max(1, this.active) - 1);
  }

  private abandon(tenantId: string, run: Run): void {
    // Whoever asks from now on gets a run of their own, not this stopping one.
    if (this.runs.get(tenantId) === run) this.runs.delete(tenantId);
    run.controller.abort(new VerificationAbandonedError());
  }
}

/** The promise's outcome, or the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
