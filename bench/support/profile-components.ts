/**
 * Apportions a V8 CPU profile (.cpuprofile) of the service to components, for bench:profile.
 *
 * Each sample is charged to one component: walking its stack from the innermost frame outwards,
 * the first frame that belongs to a component decides. Node's own streams, events, buffers and
 * crypto and V8's builtins (JSON.stringify, hash updates: no frame of their own, or a node:
 * frame) belong to no component, and neither do canonical-json.ts and json-bytes.ts, so their time
 * goes to the code that called them: hashing the result counts as the result digest, a pg write
 * as the database driver, canonicalising a chain entry as the chain entry. Socket writes and the
 * HTTP parser are components of their own, as is garbage collection. Idle time is left out: the
 * shares are of the time the service's main thread was busy.
 */

export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

interface Frame {
  fn: string;
  url: string;
}

/** [component, does this frame belong to it (given the frames that called it, innermost first)] */
type Rule = [string, (frame: Frame, callers: Frame[]) => boolean];

const inFile =
  (...parts: string[]) =>
  (f: Frame) =>
    parts.some((p) => f.url.includes(p));
const named =
  (...names: string[]) =>
  (f: Frame) =>
    names.includes(f.fn);

const RULES: Rule[] = [
  ['garbage collection', named('(garbage collector)')],
  ['V8 and native, not attributed', named('(program)')],
  [
    'result digest: canonical JSON + SHA-256 of the full result',
    (f) => named('resultDigest', 'canonicalDigest')(f),
  ],
  [
    'response body: JSON text/bytes of the result and the answer around it',
    (f, callers) =>
      named('presentJson', 'presentBytes', 'jsonUtf8')(f) ||
      // Before they had names: `respond` and `fullJson` in record() (src/services/assessments.ts).
      (f.fn === '' &&
        f.url.includes('/src/services/assessments.ts') &&
        callers[0]?.fn === '' &&
        callers[0].url.includes('/src/services/assessments.ts') &&
        callers[1]?.fn === 'record'),
  ],
  [
    'response body: its UTF-8 length for Content-Length (Fastify)',
    (f, callers) => f.fn === 'byteLength' && callers[0]?.url.includes('fastify/lib/reply') === true,
  ],
  ['engine evaluation (src/engine)', inFile('/src/engine/')],
  ['pseudonymisation (HMAC of the client reference)', inFile('/src/audit/pseudonym.ts')],
  ['chain entry: canonical form, envelope, hash (src/audit)', inFile('/src/audit/')],
  ['LDV processing record (src/ldv, processing log)', inFile('/src/ldv/', '/src/services/processing-log')],
  [
    'BSN guard over texts',
    inFile('/src/lib/bsn.ts', '/src/http/storable-text.ts', '/src/http/schemas/text.ts'),
  ],
  [
    'request validation (zod, schemas, compiled validators)',
    inFile(
      '/node_modules/zod/',
      'fastify-type-provider-zod',
      '/src/http/validation.ts',
      '/src/http/schemas/',
    ),
  ],
  ['JSON body parsing', inFile('secure-json-parse', '/src/http/plugins/json-body.ts')],
  [
    'pino logging (request log lines, child loggers, redaction)',
    (f) =>
      inFile(
        '/node_modules/pino',
        '@pinojs',
        'sonic-boom',
        'thread-stream',
        'fast-redact',
        '/src/http/logging.ts',
        '/src/http/plugins/request-logging.ts',
        'fastify/lib/logger',
      )(f),
  ],
  ['W3C trace context (ids, traceparent)', inFile('/src/http/trace-context.ts', '/src/lib/trace-context.ts')],
  ['idempotency', inFile('/src/http/idempotency.ts', '/src/services/idempotency.ts')],
  ['authentication (API key)', inFile('/src/http/auth.ts', '/src/services/api-key', '/src/auth/')],
  ['rate limit', inFile('@fastify/rate-limit')],
  ['helmet', inFile('@fastify/helmet', '/node_modules/helmet/')],
  [
    'load shedding (under-pressure, protection)',
    inFile('@fastify/under-pressure', '/src/http/protection.ts'),
  ],
  ['append: group commit, batches (src/services/audit-trail.ts)', inFile('/src/services/audit-trail.ts')],
  [
    'database driver and queries (pg, src/db, repositories)',
    inFile('/node_modules/pg', 'pg-protocol', 'pg-pool', 'pg-types', '/src/db/', '/src/repositories/'),
  ],
  ['Prisma', inFile('@prisma', '/src/generated/')],
  ['assessment service (rest: request to store, projections)', inFile('/src/services/')],
  ['route handlers', inFile('/src/http/routes/')],
  [
    'Fastify core (routing, hooks, reply, headers) and other HTTP plugins',
    inFile('/node_modules/fastify/', 'find-my-way', 'avvio', '@fastify/', '/src/http/'),
  ],
  [
    'socket writes (the answer to the kernel: writev)',
    inFile('node:net', 'node:internal/stream_base_commons'),
  ],
  ['HTTP parsing and responses (Node core)', inFile('node:_http_', 'node:http')],
  ['other project code', inFile('/src/')],
  ['other libraries', inFile('/node_modules/')],
];

/** Serialisers used by several components: their time goes to the caller. */
const transparent = (f: Frame) =>
  (f.url.includes('/src/lib/canonical-json.ts') || f.url.includes('/src/lib/json-bytes.ts')) &&
  f.fn !== 'canonicalDigest' &&
  f.fn !== 'jsonUtf8';

export interface Apportionment {
  busyMs: number;
  idleMs: number;
  components: Array<{ component: string; ms: number }>;
  topSelf: Array<{ frame: string; ms: number }>;
}

export function apportion(profile: CpuProfile): Apportionment {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const charged = new Map<number, string>();
  const componentOf = (leaf: number): string => {
    const known = charged.get(leaf);
    if (known !== undefined) return known;
    const stack: Frame[] = [];
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const { functionName, url } = byId.get(id)!.callFrame;
      stack.push({ fn: functionName, url });
    }
    let component = 'Node core and event loop, not attributed';
    search: for (let i = 0; i < stack.length; i++) {
      if (transparent(stack[i]!)) continue;
      for (const [name, test] of RULES) {
        if (test(stack[i]!, stack.slice(i + 1))) {
          component = name;
          break search;
        }
      }
    }
    charged.set(leaf, component);
    return component;
  };
  const totals = new Map<string, number>();
  const self = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time before sample i; charge each sample the interval that follows it.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      return;
    }
    busy += us;
    const component = componentOf(id);
    totals.set(component, (totals.get(component) ?? 0) + us);
    const frame = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${lineNumber + 1}`;
    self.set(frame, (self.get(frame) ?? 0) + us);
  });
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    components: sorted(totals).map(([component, us]) => ({ component, ms: us / 1000 })),
    topSelf: sorted(self)
      .slice(0, 15)
      .map(([frame, us]) => ({ frame, ms: us / 1000 })),
  };
}

/**
 * The table bench:profile prints. The profiler samples the main thread in wall time, so on a
 * loaded machine a sample can fall on a frame while the thread waits for a core; the shares are
 * what to read, and `cpuUsPerRequest` (from /proc, the same window) turns them into CPU time.
 */
export function formatApportionment(a: Apportionment, requests: number, cpuUsPerRequest?: number): string {
  const lines = [
    `main thread busy ${a.busyMs.toFixed(0)} ms, idle ${a.idleMs.toFixed(0)} ms, over ${requests} requests: ${((a.busyMs * 1000) / requests).toFixed(0)} µs busy per request` +
      (cpuUsPerRequest === undefined
        ? ''
        : `; service CPU from /proc ${cpuUsPerRequest.toFixed(0)} µs per request`),
    '',
    `component                                                              share   ${cpuUsPerRequest === undefined ? 'busy µs/request' : 'CPU µs/request (share × /proc)'}`,
  ];
  for (const { component, ms } of a.components) {
    const share = ms / a.busyMs;
    const us = cpuUsPerRequest === undefined ? (ms * 1000) / requests : share * cpuUsPerRequest;
    lines.push(
      `${component.padEnd(70)} ${(share * 100).toFixed(1).padStart(5)} %  ${us.toFixed(0).padStart(7)}`,
    );
  }
  lines.push('', 'functions by self time (top 15):');
  for (const { frame, ms } of a.topSelf) {
    lines.push(`${((ms / a.busyMs) * 100).toFixed(1).padStart(5)} %  ${frame}`);
  }
  return lines.join('\n');
}
