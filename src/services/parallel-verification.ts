/**
 * The worker threads of a parallel chain verification, for one run. The chain up to its head is
 * cut into ranges of consecutive positions, handed out in turn to the workers (range k to worker
 * k mod n), each of which reads its ranges on its own database connection and checks what grows
 * with the chain's bytes: hashes, links inside the range, gaps (verification-worker.ts). Every
 * link can be checked on its own because each entry stores the hash it names; the links between
 * ranges are checked by the coordinating thread, which also runs, in chain order, everything that
 * reads other tables (AuditVerifier). At most a few ranges are asked for ahead of the one being
 * checked, so memory stays bounded however long the chain is.
 *
 * The workers outlive a run: starting one (and, from source, compiling its code) costs more than
 * checking thousands of entries. The verifier keeps them, and they end after a while without work
 * (and never keep the process alive).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface WorkerSetup {
  url: string;
}

export interface RangeRequest {
  id: number;
  tenantId: string;
  /** The range is (after, through]. */
  after: number;
  through: number;
  /** Entry types whose whole content the coordinator needs (for the chain checks that read it). */
  contentOf: string[];
  /** Whether to compute each entry's RFC 9162 leaf hash (for a check over the transparency log). */
  leafHashes: boolean;
}

/** A range as a worker checked it: its first `count` entries, up to the first problem found. */
export interface RangeResult {
  id: number;
  count: number;
  /** The hash the range's first entry names (checked against the range before it), or null. */
  firstPreviousHash: string | null;
  entryTypes: string[];
  entityIds: string[];
  /** Recording times, epoch milliseconds. */
  recordedAt: Float64Array;
  /** The entries' hashes, 64 hex characters each, one after the other. */
  hashes: string;
  /** The end of each entry's content from where the envelope's fields begin (see the worker). */
  suffixes: Uint8Array;
  suffixEnds: Uint32Array;
  /** Each content's length in bytes. */
  lengths: Uint32Array;
  /** 1 where the content begins as an envelope must. */
  headOk: Uint8Array;
  /** [index in the range, content] of the entries of the types asked for. */
  contents: Array<[number, string]>;
  /** The entries' leaf hashes, 32 bytes each, when asked for. */
  leafHashes: Uint8Array | null;
  /** The first entry of the range that is missing, mislinked or does not match its hash. */
  problem: { sequence: number; kind: 'gap' | 'link' | 'hash'; found?: number | null } | null;
}

/**
 * How to start a worker: the compiled JavaScript next to this file (the built service), or, when
 * running from source (npm start, tests, benchmarks), a small module that registers tsx's loader
 * in the worker and then imports the TypeScript source (loader flags are not passed on to worker
 * threads).
 */
function workerScript(): { code: string | URL; eval: boolean } {
  const js = new URL('./verification-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { code: js, eval: false };
  const require = createRequire(import.meta.url);
  const tsxPackage = require.resolve('tsx/package.json');
  const exports = (
    JSON.parse(readFileSync(tsxPackage, 'utf8')) as {
      exports: Record<string, { import: { default: string } }>;
    }
  ).exports;
  const api = pathToFileURL(join(dirname(tsxPackage), exports['./esm/api']!.import.default)).href;
  const source = new URL('./verification-worker.ts', import.meta.url).href;
  return {
    code: `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`,
    eval: true,
  };
}

export class RangeWorkers {
  private readonly workers: Worker[];
  private readonly exits: Array<Promise<unknown>>;
  private readonly pending = new Map<
    number,
    { resolve: (r: RangeResult) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(
    readonly size: number,
    setup: WorkerSetup,
  ) {
    const script = workerScript();
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(script.code, { workerData: setup, eval: script.eval });
      // Idle workers never keep the process alive; the verifier ends them after a while.
      worker.unref();
      worker.on('message', (message: RangeResult | { id: number; error: string }) => {
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        if ('error' in message) waiting.reject(new Error(`verification worker: ${message.error}`));
        else waiting.resolve(message);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a verification worker stopped (exit code ${code})`));
      });
      return worker;
    });
    this.exits = this.workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
  }

  /** Whether the workers can take requests (none has failed and they were not closed). */
  get usable(): boolean {
    return this.failure === undefined;
  }

  /** Range k of a run goes to worker k mod n, so each worker reads its ranges in order. */
  request(index: number, range: Omit<RangeRequest, 'id'>): Promise<RangeResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const promise = new Promise<RangeResult>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // A run that stops at a broken link leaves ranges it asked for unawaited.
    promise.catch(() => undefined);
    this.workers[index % this.workers.length]!.postMessage({ id, ...range } satisfies RangeRequest);
    return promise;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  /** Ends the workers: gracefully (each closes its connection), or at once when aborting. */
  async close(abort = false): Promise<void> {
    this.fail(new Error('verification ended'));
    await Promise.all(
      this.workers.map(async (worker, i) => {
        if (abort) {
          await worker.terminate();
          return;
        }
        worker.postMessage({ close: true });
        // A worker that does not end within 5 s is stopped.
        const timer = setTimeout(() => void worker.terminate(), 5_000);
        await this.exits[i];
        clearTimeout(timer);
      }),
    );
  }
}
