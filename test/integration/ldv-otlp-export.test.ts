/**
 * The optional copy of the LDV processing log to an OpenTelemetry collector (OTLP/HTTP JSON),
 * against a small local receiver that speaks the protocol's HTTP side: it records each POST and
 * answers with a scripted status. What is proved: the records arrive as spans in the OTLP JSON
 * encoding with the ids the caller's trace has; a collector that is down or overloaded loses
 * nothing (retried, cursor kept) and a batch it refuses as bad data is skipped; records whose
 * transactions commit out of order are all exported; two instances never send a record twice.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/http/logging.js';
import { ProcessingLogOutbox } from '../../src/repositories/processing-log-repository.js';
import { OtlpExportError, ProcessingLogExporter, SCOPE } from '../../src/services/processing-log-exporter.js';
import { consentRequest } from '../support/requests.js';
import { captureLogs, startTestApp, type TestApp } from '../support/service.js';

interface Received {
  path: string;
  contentType: string | undefined;
  authorization: string | undefined;
  body: {
    resourceSpans: Array<{
      resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
      scopeSpans: Array<{ scope: { name: string; version: string }; spans: Span[] }>;
    }>;
  };
}
interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: { stringValue?: string } }>;
  status: { code: number };
}

let t: TestApp;
let key: string;
let receiver: Server;
let endpoint: string;
const received: Received[] = [];
/** Statuses the receiver answers with, in order; 200 once they run out. */
let script: Array<{ status: number; headers?: Record<string, string>; body?: string }> = [];
const logs: Array<Record<string, unknown>> = [];
const logger = pino(loggerOptions('info'), captureLogs(logs));

const spans = () =>
  received.flatMap((r) => r.body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans)));
const attribute = (span: Span, key: string) => span.attributes.find((a) => a.key === key)?.value.stringValue;

function exporter(headers: Record<string, string> = {}) {
  const outbox = new ProcessingLogOutbox(t.backend.db, { sendTimeoutMs: 5_000 });
  return {
    outbox,
    exporter: new ProcessingLogExporter(
      outbox,
      { endpoint, headers, timeoutMs: 5_000, intervalMs: 100, batchSize: 3, maxBackoffMs: 500 },
      logger,
    ),
  };
}

async function weighing(traceparent?: string) {
  const req = t.http
    .post('/v1/assessments')
    .set({ Authorization: `Bearer ${key}` })
    .send(consentRequest());
  const res = await (traceparent ? req.set('traceparent', traceparent) : req);
  expect(res.status).toBe(201);
  return res;
}

/**
 * Waits until every pending record may be taken. A record waits while any transaction that began
 * before it was written is still running anywhere in the database cluster (other test files share
 * it), so under load this can take a moment.
 */
async function allReady(outbox: ProcessingLogOutbox) {
  const deadline = Date.now() + 30_000;
  while ((await outbox.ready()) < (await outbox.pending())) {
    if (Date.now() > deadline) throw new Error('records stayed held back by a running transaction');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Exports until nothing is pending, as the scheduled loop would. */
async function drain(handle = exporter()) {
  for (;;) {
    await allReady(handle.outbox);
    await handle.exporter.exportPending();
    if ((await handle.outbox.pending()) === 0) return;
  }
}

beforeAll(async () => {
  receiver = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const next = script.shift() ?? { status: 200 };
      if (next.status === 200) {
        received.push({
          path: req.url ?? '',
          contentType: req.headers['content-type'],
          authorization: req.headers.authorization,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
      }
      res.writeHead(next.status, { 'Content-Type': 'application/json', ...next.headers });
      res.end(next.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces`;
  t = await startTestApp();
  ({ key } = await t.createKey('OTLP org'));
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(async () => {
  // Start every test with the log exported and the receiver empty.
  script = [];
  await drain();
  received.length = 0;
});

describe('OTLP/HTTP JSON export of the processing log', () => {
  it('sends every record as a span, hex ids and nanosecond strings, with the credentials configured', async () => {
    const traceId = randomBytes(16).toString('hex');
    const parentId = randomBytes(8).toString('hex');
    const res = await weighing(`00-${traceId}-${parentId}-01`);
    const spanId = String(res.headers.traceparent).split('-')[2];
    await drain(exporter({ Authorization: 'Bearer collector-token' }));
    expect(received.length).toBeGreaterThan(0);
    for (const r of received) {
      expect(r.path).toBe('/v1/traces');
      expect(r.contentType).toBe('application/json');
      expect(r.authorization).toBe('Bearer collector-token');
      for (const rs of r.body.resourceSpans) expect(rs.scopeSpans[0]!.scope).toEqual(SCOPE);
    }
    const span = spans().find((s) => s.traceId === traceId)!;
    expect(span).toMatchObject({
      spanId,
      parentSpanId: parentId,
      name: 'afweging-beroepsgeheim-vastleggen',
      kind: 2,
      status: { code: 1 },
    });
    expect(span.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(BigInt(span.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(span.startTimeUnixNano));
    expect(BigInt(span.endTimeUnixNano) / 1_000_000n).toBe(BigInt(Date.parse(res.body.recordedAt)));
    expect(attribute(span, 'dpl.core.foreign_operation.span_id')).toBe(parentId);
    expect(attribute(span, 'dpl.core.data_subject_id')).toMatch(/^[0-9a-f]{64}$/);
    expect(attribute(span, 'dpl.core.processing_activity_id')).toMatch(/^https:\/\//);
  });

  it('loses nothing while the collector is overloaded: retried, the cursor kept until accepted', async () => {
    await weighing();
    await weighing();
    const { exporter: e, outbox } = exporter();
    const pending = await outbox.pending();
    expect(pending).toBe(2);
    await allReady(outbox);
    script = [{ status: 503, headers: { 'Retry-After': '7' } }, { status: 429 }, { status: 502 }];
    const failures: OtlpExportError[] = [];
    for (let i = 0; i < 3; i++) {
      const failure = await e.exportPending().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OtlpExportError);
      failures.push(failure as OtlpExportError);
      expect(await outbox.pending()).toBe(pending);
    }
    expect(failures.map((f) => [f.status, f.retryable, f.retryAfterMs])).toEqual([
      [503, true, 7000],
      [429, true, null],
      [502, true, null],
    ]);
    expect(await e.exportPending()).toBe(pending);
    expect(await outbox.pending()).toBe(0);
    expect(spans()).toHaveLength(pending);
  });

  it('keeps the batch on a configuration error, and skips a batch refused as bad data', async () => {
    await weighing();
    const { exporter: e, outbox } = exporter();
    await allReady(outbox);
    script = [{ status: 404 }];
    const failure = (await e.exportPending().catch((error: unknown) => error)) as OtlpExportError;
    expect(failure.status).toBe(404);
    expect(failure.retryable).toBe(false);
    expect(await outbox.pending()).toBe(1);
    script = [{ status: 400 }];
    await e.exportPending();
    expect(await outbox.pending()).toBe(0);
    expect(received).toEqual([]);
    expect(logs.some((l) => l.status === 400 && l.records === 1)).toBe(true);
  });

  it('exports a record whose transaction commits after a later one (commit order, not position)', async () => {
    const early = new pg.Client({ connectionString: t.db.appUrl });
    await early.connect();
    try {
      const { tenantId } = await t.createKey('OTLP org');
      const traceId = randomBytes(16).toString('hex');
      await early.query('BEGIN');
      // Takes its position now, commits last.
      await early.query(
        `INSERT INTO processing_logs (tenant_id, trace_id, span_id, name, status, start_time, end_time,
                                      processing_activity_id, service_version)
         VALUES ($1, $2, $3, 'afweging-raadplegen', 'Ok', now(), now(), 'https://register.example.nl/x', '0.0.0')`,
        [tenantId, traceId, randomBytes(8).toString('hex')],
      );
      await weighing();
      const handle = exporter();
      // While the early transaction runs, nothing written after it began can be taken.
      await handle.exporter.exportPending();
      expect(spans().some((s) => s.traceId === traceId)).toBe(false);
      expect(await handle.outbox.ready()).toBe(0);
      await early.query('COMMIT');
      await drain(handle);
      const { outbox } = handle;
      expect(spans().filter((s) => s.traceId === traceId)).toHaveLength(1);
      expect(await outbox.pending()).toBe(0);
    } finally {
      await early.end();
    }
  });

  it('two instances exporting at once send every record exactly once', async () => {
    for (let i = 0; i < 8; i++) await weighing();
    const handles = [exporter(), exporter(), exporter()];
    await allReady(handles[0]!.outbox);
    await Promise.all(handles.map(drain));
    const ids = spans().map((s) => s.spanId);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
  });

  it('runs on its own once started, retrying after a failure, and stops cleanly', async () => {
    script = [{ status: 503 }];
    const { exporter: e, outbox } = exporter();
    const running = e.start();
    try {
      await weighing();
      const deadline = Date.now() + 20_000;
      while ((await outbox.pending()) > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await outbox.pending()).toBe(0);
      expect(spans()).toHaveLength(1);
      expect(logs.some((l) => l.status === 503 && typeof l.retryInMs === 'number')).toBe(true);
    } finally {
      await running.stop();
    }
  });
});
