/**
 * The logs of the whole integration run hold no personal data. Runs after the integration project
 * (vitest.config.ts, groupOrder 1) over every line every in-process service wrote during it
 * (test/support/service.ts appends them to PSS_TEST_LOG_DIR), so a leak on a path that only some
 * other test takes — a fault, an export, a race — is caught too. test/integration/log-privacy.test.ts
 * proves the same with markers on every route; this check has no markers, so it checks shape:
 *
 * - every line is one of the fields this service logs, nothing else (a request body, header, URL,
 *   query or foreign error message added later would show up as a new field);
 * - no value anywhere holds a reference or free text of the shared request fixtures, a marker of
 *   the log-privacy test, or a BSN.
 *
 * The files are removed by the integration project's global teardown, at the end of the run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containsBsn } from '../../src/lib/bsn.js';
import { consentRequest, sharingRequest } from '../support/requests.js';

const dir = process.env.PSS_TEST_LOG_DIR;

function readLines(): Array<Record<string, unknown>> {
  if (!dir) return [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.ndjson'));
  } catch {
    return [];
  }
  return files.flatMap((file) =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  );
}

const lines = readLines();

/** The fields this service writes (src/http/logging.ts, app.ts, services), and their fields. */
const ALLOWED: Record<string, readonly string[] | 'scalar'> = {
  level: 'scalar',
  time: 'scalar',
  service: 'scalar',
  msg: 'scalar',
  requestId: 'scalar',
  // W3C Trace Context ids of the request (src/http/trace-context.ts).
  trace_id: 'scalar',
  span_id: 'scalar',
  // The LDV export to a collector (src/services/processing-log-exporter.ts).
  status: 'scalar',
  records: 'scalar',
  retryInMs: 'scalar',
  tenantId: 'scalar',
  responseTimeMs: 'scalar',
  checkpoints: 'scalar',
  brokenAt: 'scalar',
  // The transparency log (services/transparency.ts, routes/witness.ts): a witness's key name, the
  // HTTP status it answered (`status`, above), our own text of why it refused or why a checkpoint
  // was not signed.
  witness: 'scalar',
  reason: 'scalar',
  sequence: 'scalar',
  witnessOutcome: 'scalar',
  // A weighing committed after its client left (id and chain position), an Idempotency-Key
  // completion that does not match the chain (position and our own reason, above).
  recordId: 'scalar',
  req: ['method', 'route'],
  res: ['statusCode'],
  err: ['type', 'code', 'message', 'stack', 'cause'],
};
const ERROR_FIELDS = new Set(['type', 'code', 'message', 'stack', 'cause']);
/** Values that are ids or times, where nine digits in a row are not a BSN. */
const NOT_TEXT = new Set([
  'time',
  'requestId',
  'tenantId',
  'stack',
  'trace_id',
  'span_id',
  'recordId',
  'sequence',
]);

/** The personal fields of the request fixtures most integration tests send. */
function fixtureValues(): string[] {
  const values = new Set<string>();
  for (const body of [sharingRequest(), consentRequest()] as Array<Record<string, Record<string, string>>>) {
    values.add(body.caseRef as unknown as string);
    values.add(body.client!.ref!);
    values.add(body.professional!.ref!);
    if (body.recipient!.name) values.add(body.recipient!.name);
    if (body.purpose!.description) values.add(body.purpose!.description);
  }
  return [...values].filter((v) => typeof v === 'string' && v.length >= 4);
}

function strings(value: unknown, path: string, out: Array<[string, string]>): void {
  if (typeof value === 'string') out.push([path, value]);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
  }
}

describe.skipIf(!dir)('logs of the whole integration run', () => {
  it('were captured: many request lines, from many test files', () => {
    if (!dir) return;
    expect(
      lines.length,
      `no integration logs in ${dir}: run this project together with the integration project`,
    ).toBeGreaterThan(500);
    const requests = lines.filter((line) => line.msg === 'request completed');
    expect(requests.length).toBeGreaterThan(500);
    expect(new Set(requests.map((line) => (line.req as { route: string }).route)).size).toBeGreaterThan(15);
    for (const line of requests) expect(line.requestId).toEqual(expect.any(String));
  });

  it('hold only the fields this service logs', () => {
    const unexpected = new Map<string, number>();
    const note = (field: string) => unexpected.set(field, (unexpected.get(field) ?? 0) + 1);
    for (const line of lines) {
      for (const [field, value] of Object.entries(line)) {
        const allowed = ALLOWED[field];
        if (!allowed) note(field);
        else if (allowed === 'scalar') {
          if (value !== null && typeof value === 'object') note(`${field} (an object)`);
        } else if (field === 'err') {
          let current = value as Record<string, unknown> | undefined;
          for (let depth = 0; current && depth < 8; depth++) {
            for (const sub of Object.keys(current)) if (!ERROR_FIELDS.has(sub)) note(`err.${sub}`);
            current = current.cause as Record<string, unknown> | undefined;
          }
        } else {
          for (const sub of Object.keys(value as object)) if (!allowed.includes(sub)) note(`${field}.${sub}`);
        }
      }
    }
    expect(Object.fromEntries(unexpected)).toEqual({});
  });

  it('hold no reference or text of the request fixtures, no marker and no BSN', () => {
    const fixtures = fixtureValues();
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
    const found: string[] = [];
    for (const line of lines) {
      const values: Array<[string, string]> = [];
      strings(line, '', values);
      for (const [path, value] of values) {
        const field = path.split('.')[1]!;
        for (const fixture of fixtures)
          if (value.includes(fixture)) found.push(`${path}: fixture "${fixture}"`);
        if (/PIIMARK|PIIKEY/.test(value)) found.push(`${path}: log-privacy marker`);
        if (!NOT_TEXT.has(field) && !path.endsWith('.stack') && containsBsn(value)) {
          found.push(`${path}: a BSN`);
        }
      }
    }
    expect(found.slice(0, 20)).toEqual([]);
  });
});
