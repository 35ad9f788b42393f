/**
 * An open-loop load generator: requests are started at a constant arrival rate, on a schedule fixed
 * in advance (request i at start + i / rate), whether or not earlier ones have completed. A closed
 * loop (autocannon: each connection sends its next request when the previous answer arrives)
 * slows down with the service and so hides queueing; here a slow answer delays nobody else's start.
 *
 * Latency is measured from the scheduled start, not from when the request was actually written:
 * if this process falls behind its schedule (it shares the machine's cores with the service and
 * the database), that delay counts, as it would for a caller. How late requests were sent is
 * reported separately (`sendLag`), so the generator's own share is visible.
 *
 * Plain node:http with a keep-alive agent: connections are opened as needed and reused, as a case
 * system's HTTP client would.
 */
import http from 'node:http';

export interface OpenLoopRequest {
  method: 'POST' | 'GET';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface OpenLoopResult {
  /** Requests scheduled (rate × seconds). */
  scheduled: number;
  /** Latency in ms, from scheduled start to the end of the response, of every completed request. */
  latencies: number[];
  /** How many ms after its scheduled time each request was written. */
  sendLag: number[];
  statuses: Map<number, number>;
  /** Requests that failed without an HTTP answer. */
  errors: number;
  /** Location headers of 201 answers. */
  locations: string[];
  /** Wall time from the first scheduled start to the last completion, ms. */
  elapsedMs: number;
}

export async function openLoop(options: {
  url: string;
  rate: number;
  seconds: number;
  /** The i-th request to send (cycled through by the caller as it likes). */
  request: (i: number) => OpenLoopRequest;
  timeoutMs?: number;
}): Promise<OpenLoopResult> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const result: OpenLoopResult = {
    scheduled: total,
    latencies: [],
    sendLag: [],
    statuses: new Map(),
    errors: 0,
    locations: [],
    elapsedMs: 0,
  };
  const start = performance.now() + 20;
  let finished = 0;
  let done: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => {
    done = resolve;
  });
  const complete = () => {
    finished += 1;
    if (finished === total) done();
  };

  const send = (i: number, due: number) => {
    const spec = options.request(i);
    result.sendLag.push(performance.now() - due);
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: spec.method,
        path: spec.path,
        agent,
        headers: {
          ...spec.headers,
          ...(spec.body ? { 'content-length': String(spec.body.length) } : {}),
        },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          result.latencies.push(performance.now() - due);
          const status = res.statusCode ?? 0;
          result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
          if (status === 201 && typeof res.headers.location === 'string') {
            result.locations.push(res.headers.location);
          }
          complete();
        });
        res.on('error', () => {
          result.errors += 1;
          complete();
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      result.errors += 1;
      complete();
    });
    req.end(spec.body);
  };

  // The schedule: wake when the next request is due and send every request that is due by then
  // (a late wake-up sends the overdue ones at once, each measured from its own scheduled time).
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        send(next, start + next * interval);
        next += 1;
      }
      if (next >= total) {
        resolve();
        return;
      }
      setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  if (total > 0) await allDone;
  result.elapsedMs = performance.now() - start;
  agent.destroy();
  return result;
}

/** The p-th percentile (nearest rank) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
