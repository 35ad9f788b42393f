/**
 * Property-based fuzzing of every /v1 route on the real service and database (OWASP API4, API8,
 * API10 in docs/security.md). Each run takes a valid request of a route and breaks it: values
 * replaced by wrong types, huge strings, unicode (lone surrogates, NUL, bidi controls, emoji),
 * numbers where strings go, extreme and impossible dates (year 0, ±275760, offsets past ±14:00),
 * deep nesting (thousands of levels), prototype-pollution keys
 * (`__proto__`, `constructor`, `prototype`, sent as raw JSON text so they survive), unknown and
 * malformed query parameters, path parameters and headers, malformed JSON. Routes, their query
 * parameters and body fields come from the app itself (its router and its OpenAPI document).
 *
 * Properties, for every run: never a 5xx; every 4xx is problem+json; a 4xx leaves no record in any
 * table; an answer arrives within a generous bound (a hang detector, not a performance test).
 * Afterwards: Object.prototype is untouched, and the service is ready and its chain intact.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHostile } from '../support/hostile.js';
import { consentRequest } from '../support/requests.js';
import {
  documentedApiRoutes,
  documentPath,
  type LiveRoute,
  liveRoutes,
  routeKey,
} from '../support/routes.js';
import { startTestApp, type TestApp } from '../support/service.js';

/** Runs per route (about 20 routes). FUZZ_RUNS raises it for a longer hunt; FUZZ_STATS=1 prints statuses. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
/**
 * A hang detector, not a performance test: an answer that has not begun within this time fails
 * the run. Generous, because the machine running the suite may be busy with other work.
 */
const RESPONSE_BOUND_MS = 30_000;

let t: TestApp;
let key: string;
let granteeId: string;
let assessmentId: string;
let consentId: string;
let prototypeBefore: string[];

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const consentBody = () => ({
  client: { ref: `fuzz-client-${randomUUID().slice(0, 8)}`, ageGroup: 'adult', decisionCapacity: 'capable' },
  grantor: { type: 'client' },
  recipient: { type: 'lawyer', organisation: 'Fuzz advocaten' },
  purposes: ['legal_proceedings'],
  categories: ['treatment'],
  form: 'oral',
  recorded: true,
  evidenceRef: 'fuzz-doc',
  informed: true,
  freelyGiven: true,
  validFrom: day(-1),
  validUntil: day(30),
  motivation: 'fuzz',
});

// ---------------------------------------------------------------------------------------------
// A JSON tree that can hold what JSON.stringify cannot express from a plain object: duplicate
// keys, `__proto__` as an own key, numbers written as raw text.

class Obj {
  constructor(readonly entries: Array<[string, Node]>) {}
}
class Raw {
  constructor(readonly text: string) {}
}
type Node = null | boolean | number | string | Node[] | Obj | Raw;

function serialise(node: Node): string {
  if (node instanceof Raw) return node.text;
  if (node instanceof Obj)
    return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${serialise(v)}`).join(',')}}`;
  if (Array.isArray(node)) return `[${node.map(serialise).join(',')}]`;
  if (typeof node === 'number' && !Number.isFinite(node)) return 'null';
  return JSON.stringify(node);
}

function fromJson(value: unknown): Node {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value && typeof value === 'object')
    return new Obj(Object.entries(value).map(([k, v]) => [k, fromJson(v)]));
  return value as Node;
}

/** Every path into a tree (the root is []). */
function paths(node: Node, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out = [prefix];
  if (node instanceof Obj) for (const [k, v] of node.entries) out.push(...paths(v, [...prefix, k]));
  else if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) out.push(...paths(v, [...prefix, i]));
  }
  return out;
}

function update(node: Node, path: Array<string | number>, change: (target: Node) => Node | undefined): Node {
  if (path.length === 0) return change(node) ?? null;
  const [head, ...rest] = path;
  if (node instanceof Obj) {
    const entries: Array<[string, Node]> = [];
    for (const [k, v] of node.entries) {
      if (k !== head) entries.push([k, v]);
      else {
        const next = rest.length === 0 ? change(v) : update(v, rest, change);
        if (next !== undefined) entries.push([k, next]);
      }
    }
    return new Obj(entries);
  }
  if (Array.isArray(node)) {
    return node.flatMap((v, i) => {
      if (i !== head) return [v];
      const next = rest.length === 0 ? change(v) : update(v, rest, change);
      return next === undefined ? [] : [next];
    });
  }
  return node;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const POLLUTING_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isAdmin',
];

/**
 * Date-times at and beyond every edge: year 0 (answered 500 once, through the driver), the first
 * and last instants a JavaScript Date can hold, offsets past ±14:00, impossible days and hours.
 */
const EXTREME_DATES = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+14:00',
  '1899-12-31T23:59:59Z',
  '1900-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59.999-23:59',
  '9999-12-31T23:59:59Z',
  '10000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.001Z',
  '2026-02-29T00:00:00Z',
  '2026-11-31T00:00:00Z',
  '2026-11-30T24:00:00Z',
  '2026-11-30T23:59:60Z',
  '2026-11-30T12:00:00+99:99',
  '2026-11-30T12:00:00.123456789012Z',
  '2026-11-30',
  '0000-00-00',
  '9999-99-99T99:99:99Z',
];
const extremeDate = fc.oneof(
  fc.constantFrom(...EXTREME_DATES),
  fc
    .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
    .map((d) => d.toISOString()),
);

const DATE_PARAMETER = /^(from|to|recorded(From|To))$/;

const anyCharString = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});

const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  anyCharString,
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u202e\u2066',
    '\ufeff',
    '💥👩‍⚕️',
    'Ĳsselmonde ŁĐı',
    "'; DROP TABLE assessments; --",
    `\${jndi:ldap://x/a}`,
    '{{7*7}}',
    '<script>alert(1)</script>',
    '=HYPERLINK("http://x")',
    '../../etc/passwd',
    '123456782',
    '1 2 3 4 5 6 7 8 2',
    '2026-02-30',
    '9999-12-31T23:59:59Z',
    '-0',
    'NaN',
    'true',
    'null',
    ...POLLUTING_KEYS,
  ),
  fc.integer({ min: 100, max: 60_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 50, max: 12_000 }).map((n) => 'é€'.repeat(n)),
  extremeDate,
);

const nastyKey = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...POLLUTING_KEYS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '\u0000', '\ud800', 'a.b', 'answers', 'caseRef', 'x'.repeat(300)),
  },
  { weight: 2, arbitrary: nastyString },
);

const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e308, -1e308, 2 ** 53 + 1, 5e-324),
  fc.constantFrom(
    new Raw('1e400'),
    new Raw('-1e400'),
    new Raw('123456789012345678901234567890'),
    new Raw('0.1e-999'),
  ),
);

/** Nesting far deeper than any schema, within and beyond the body limit. */
const deep = fc.oneof(
  fc.integer({ min: 1_000, max: 30_000 }).map((n) => new Raw(`${'['.repeat(n)}${']'.repeat(n)}`)),
  fc.integer({ min: 1_000, max: 12_000 }).map((n) => new Raw(`${'{"a":'.repeat(n)}1${'}'.repeat(n)}`)),
  fc.integer({ min: 500, max: 8_000 }).map((n) => new Raw(`${'{"__proto__":'.repeat(n)}{}${'}'.repeat(n)}`)),
);

const { node: nastyNode } = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'json' },
    fc.constant(null),
    fc.boolean(),
    nastyNumber,
    nastyString,
    fc.array(tie('node'), { maxLength: 4, depthIdentifier: 'json' }),
    fc
      .array(fc.tuple(nastyKey, tie('node')), { maxLength: 4, depthIdentifier: 'json' })
      .map((entries) => new Obj(entries)),
    deep,
  ),
}));

type Mutation =
  | { op: 'replace'; pick: number; value: Node }
  | { op: 'add'; pick: number; key: string; value: Node }
  | { op: 'delete'; pick: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), pick: fc.nat(), value: nastyNode }),
  fc.record({ op: fc.constant('add' as const), pick: fc.nat(), key: nastyKey, value: nastyNode }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
);

function mutate(seed: Node, mutations: Mutation[]): Node {
  let body = seed;
  for (const m of mutations) {
    const all = paths(body);
    const path = all[m.pick % all.length]!;
    if (m.op === 'replace') body = update(body, path, () => m.value);
    else if (m.op === 'delete') body = path.length === 0 ? body : update(body, path, () => undefined);
    else
      body = update(body, path, (target) =>
        target instanceof Obj ? new Obj([...target.entries, [m.key, m.value]]) : target,
      );
  }
  return body;
}

/** Bodies that are not JSON, or JSON that is not an object. */
const malformedBody = fc.constantFrom(
  '',
  ' ',
  'null',
  '[]',
  '"x"',
  '42',
  '{',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}{"b":2}',
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"\\u0000":1}',
  '{"a":NaN}',
  '{"a":undefined}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"a":1,"a":2}',
);

const percentFragments = ['%', '%zz', '%00', '%ED%A0%80', '%FF', '%C0%80', '%2F', '%2e%2e', '%25'];

function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // Lone surrogates: send the UTF-8 bytes the way a sloppy client would.
    return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

const pathValue = fc.oneof(
  nastyString.filter((s) => s.length > 0).map(encode),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    `{${randomUUID()}}`,
    `${randomUUID()}x`,
    '..',
    'a'.repeat(201),
    'a'.repeat(5_000),
    ...percentFragments,
  ),
);

const queryValue = fc.oneof(
  { weight: 8, arbitrary: nastyString.filter((v) => v.length < 2_000).map(encode) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(20_000)) },
  { weight: 2, arbitrary: fc.constantFrom(...percentFragments) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 2, arbitrary: fc.constantFrom('-1', '0', '101', '1e3', '0x10', ' 5', '25.5', 'Infinity') },
  { weight: 3, arbitrary: extremeDate.map(encode) },
);

/** [name, value] pairs; a name more than once makes an array of it on the server. */
const queryPairs = (known: string[]) =>
  fc.array(
    fc.tuple(
      known.length > 0
        ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: nastyKey })
        : nastyKey,
      queryValue,
    ),
    { maxLength: 4 },
  );

const headerValue = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 300 })
      .filter((s) => s.trim() === s && s.length > 0),
  },
  { weight: 1, arbitrary: fc.constantFrom('a', 'x'.repeat(256), 'x'.repeat(20_000)) },
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16le',
  'Application/JSON',
  'application/problem+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
);

// ---------------------------------------------------------------------------------------------
// Routes

interface RouteSpec {
  route: LiveRoute;
  queryNames: string[];
  hasBody: boolean;
}

type Seed = {
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: () => Record<string, unknown>;
};

/** A valid request per route, which the runs then break. */
const seeds = (): Record<string, Seed> => ({
  'POST /v1/assessments': { body: () => consentRequest({ caseRef: `FUZZ-${randomUUID().slice(0, 8)}` }) },
  'POST /v1/assessments/:id/events': {
    path: { id: assessmentId },
    body: () => ({ type: 'note', professionalRef: 'p-fuzz', text: 'fuzz' }),
  },
  'POST /v1/api-keys': { body: () => ({ name: 'fuzz key', scopes: ['read'] }) },
  'PATCH /v1/organisation': { body: () => ({ language: 'nl' }) },
  'POST /v1/access-grants': {
    body: () => ({
      granteeOrganisationId: granteeId,
      caseRef: 'FUZZ-GRANT',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    }),
  },
  'GET /v1/exports/assessments': {
    query: {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    },
  },
  'GET /v1/audit/proofs/inclusion': { query: { leafIndex: '0', treeSize: '1' } },
  'GET /v1/audit/proofs/consistency': { query: { from: '0', to: '1' } },
  'GET /v1/assessments/:id': { path: { id: assessmentId } },
  'GET /v1/assessments/:id/export': { path: { id: assessmentId } },
  'POST /v1/assessments/:id/replay': { path: { id: assessmentId } },
  'GET /v1/cases/:caseRef/assessments': { path: { caseRef: 'FUZZ-CASE' } },
  'GET /v1/processing-logs': { query: { dataSubjectRef: 'c-81f3' } },
  'POST /v1/consents': { body: consentBody },
  'GET /v1/consents': { query: { status: 'active', recipientType: 'lawyer', format: 'fhir' } },
  'GET /v1/consents/:id': { path: { id: consentId } },
  'POST /v1/consents/:id/withdrawal': {
    path: { id: consentId },
    body: () => ({ withdrawnBy: { type: 'representative', role: 'mentor' }, text: 'fuzz' }),
  },
});

interface Generated {
  path: Record<string, string | null>;
  query: Array<[string, string]>;
  keepSeedQuery: boolean;
  body:
    | { kind: 'mutated'; mutations: Mutation[] }
    | { kind: 'malformed'; text: string }
    | { kind: 'seed' }
    | { kind: 'none' };
  idempotencyKey: string | null;
  acceptLanguage: string | null;
  contentType: string | null;
}

/** The value in one run out of 1 + nullWeight, else null. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, nullWeight: number) =>
  fc.oneof({ weight: 1, arbitrary }, { weight: nullWeight, arbitrary: fc.constant(null) });

const generated = (spec: RouteSpec): fc.Arbitrary<Generated> =>
  fc
    .record({
      path: fc.record(
        Object.fromEntries(
          [...spec.route.url.matchAll(/:(\w+)/g)].map((m) => [m[1]!, sometimes(pathValue, 1)]),
        ) as Record<string, fc.Arbitrary<string | null>>,
      ),
      query: fc.oneof(
        { weight: 1, arbitrary: fc.constant<Array<[string, string]>>([]) },
        { weight: 1, arbitrary: queryPairs(spec.queryNames) },
        // A date-time parameter of the route, alone, at an edge: the case that once answered 500.
        ...(spec.queryNames.some((n) => DATE_PARAMETER.test(n))
          ? [
              {
                weight: 1,
                arbitrary: fc
                  .tuple(
                    fc.constantFrom(...spec.queryNames.filter((n) => DATE_PARAMETER.test(n))),
                    extremeDate.map(encode),
                  )
                  .map((pair) => [pair]),
              },
            ]
          : []),
      ),
      keepSeedQuery: fc.boolean(),
      body: spec.hasBody
        ? fc.oneof(
            {
              weight: 6,
              arbitrary: fc.record({
                kind: fc.constant('mutated' as const),
                mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
              }),
            },
            {
              weight: 2,
              arbitrary: fc.record({ kind: fc.constant('malformed' as const), text: malformedBody }),
            },
            { weight: 4, arbitrary: fc.constant({ kind: 'seed' as const }) },
          )
        : fc.oneof(
            { weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) },
            {
              weight: 1,
              arbitrary: fc.record({ kind: fc.constant('malformed' as const), text: malformedBody }),
            },
          ),
      idempotencyKey: sometimes(headerValue, 1),
      acceptLanguage: sometimes(headerValue, 1),
      contentType: sometimes(contentType, 4),
    })
    .map((g) =>
      // Counterexamples can hold 60 000-character strings: report them shortened.
      Object.defineProperty(g, fc.toStringMethod, {
        value: () =>
          JSON.stringify(g, (_k, v) =>
            typeof v === 'string' && v.length > 80 ? `${v.slice(0, 80)}…(${v.length})` : v,
          ),
      }),
    );

async function send(
  spec: RouteSpec,
  seed: Seed,
  g: Generated,
): Promise<{ res: Response; described: string }> {
  let url = spec.route.url;
  for (const [name, value] of Object.entries(g.path))
    url = url.replace(`:${name}`, value ?? seed.path?.[name] ?? randomUUID());
  const pairs: Array<[string, string]> = [
    ...(g.keepSeedQuery
      ? Object.entries(seed.query ?? {}).map(([k, v]) => [k, encode(v)] as [string, string])
      : []),
    ...g.query.map(([k, v]) => [encode(k), v] as [string, string]),
  ];
  if (pairs.length > 0) url += `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`;

  let body: string | undefined;
  if (g.body.kind === 'mutated') body = serialise(mutate(fromJson(seed.body!()), g.body.mutations));
  else if (g.body.kind === 'seed') body = JSON.stringify(seed.body!());
  else if (g.body.kind === 'malformed') body = g.body.text;

  const method = spec.route.method.toLowerCase() as 'get' | 'post' | 'delete';
  let request = t.http[method](url)
    .set('Authorization', `Bearer ${key}`)
    .timeout({ response: RESPONSE_BOUND_MS, deadline: RESPONSE_BOUND_MS });
  if (g.idempotencyKey !== null) request = request.set('Idempotency-Key', g.idempotencyKey);
  if (g.acceptLanguage !== null) request = request.set('Accept-Language', g.acceptLanguage);
  if (body !== undefined) {
    request = request.set('Content-Type', g.contentType ?? 'application/json');
    // Sent as the serialised text (a string is sent as it is; lone surrogates are \u-escaped).
    request = request.send(body);
  }
  const described = `${spec.route.method} ${url.slice(0, 300)} body ${body === undefined ? '-' : `${body.length} chars: ${body.slice(0, 200)}`}`;
  const res = await request.ok(() => true);
  return { res, described };
}

function check(res: Response, described: string): void {
  expect(res.status, `5xx for ${described}: ${res.text?.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers['content-type'], described).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(res.text) as Record<string, unknown>;
    expect(problem, described).toMatchObject({
      status: res.status,
      title: expect.any(String),
      detail: expect.any(String),
    });
  }
}

let specs: RouteSpec[] = [];
/** Statuses seen per route: proof that the runs reached the handlers, not only the parsers. */
const seen = new Map<string, Map<number, number>>();

beforeAll(async () => {
  prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  t = await startTestApp({
    // Rate limits and load shedding (0: off) are not under test here: on a starved machine the
    // event-loop monitor takes the delay as infinite and sheds everything with 503, which must not
    // count as the service failing on hostile input.
    env: {
      RATE_LIMIT_PER_KEY_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
      MAX_EVENT_LOOP_DELAY_MS: '0',
    },
  });
  ({ key } = await t.createKey('Fuzz org'));
  granteeId = (await t.createKey('Fuzz partner')).tenantId;
  const created = await t.http
    .post('/v1/assessments')
    .set('Authorization', `Bearer ${key}`)
    .send(consentRequest());
  expect(created.status).toBe(201);
  assessmentId = created.body.id;
  const consent = await t.http.post('/v1/consents').set('Authorization', `Bearer ${key}`).send(consentBody());
  expect(consent.status).toBe(201);
  consentId = consent.body.id;

  const document = t.app.swagger() as {
    paths: Record<
      string,
      Record<string, { parameters?: Array<{ in: string; name: string }>; requestBody?: unknown }>
    >;
  };
  specs = liveRoutes(t.app).map((route) => {
    const operation = document.paths[documentPath(route.url)]?.[route.method.toLowerCase()];
    if (!operation) throw new Error(`${routeKey(route)} is served but not in the OpenAPI document`);
    return {
      route,
      queryNames: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      hasBody: operation.requestBody !== undefined,
    };
  });
});
afterAll(() => t.close());

/**
 * One test per operation of the committed OpenAPI document (the list must be known when the file
 * is collected); the first test checks it against the routes the app really serves.
 */
const collected = documentedApiRoutes(
  JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')),
);

/** The fuzzing of each route, run once by whichever test needs it first. */
const runs = new Map<string, Promise<void>>();

function fuzzed(name: string): Promise<void> {
  let run = runs.get(name);
  if (!run) {
    run = fuzz(name);
    runs.set(name, run);
  }
  return run;
}

/**
 * Every route fuzzed, one after another (a run compares row counts before and after its request,
 * so runs must not overlap); a route's own failure is its own test's to report.
 */
async function fuzzedAll(): Promise<void> {
  for (const name of collected) await fuzzed(name).catch(() => undefined);
}

/** About 2 s per route on a quiet machine; a test that may fuzz every route gets room for all. */
const ALL_ROUTES_TIMEOUT_MS = 600_000;

async function fuzz(name: string): Promise<void> {
  const spec = specs.find((s) => routeKey(s.route) === name);
  expect(spec, `${name} is in openapi.json but not served`).toBeDefined();
  const seed = seeds()[name] ?? {};
  await fc.assert(
    fc.asyncProperty(generated(spec!), async (g) => {
      const before = await t.db.rowCounts();
      const { res, described } = await send(spec!, seed, g);
      const statuses = seen.get(name) ?? new Map<number, number>();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      seen.set(name, statuses);
      const after = res.status >= 400 ? await t.db.rowCounts() : before;
      recordHostile('fuzz', `${name} ${JSON.stringify(g)}`, {
        status: res.status,
        changed: JSON.stringify(after) !== JSON.stringify(before),
      });
      check(res, described);
      if (res.status >= 400) expect(after, `a ${res.status} left a record: ${described}`).toEqual(before);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
}

describe('fuzzing every /v1 route', () => {
  it('knows every route, and has a valid request for each route that takes a body', () => {
    expect(specs.length).toBeGreaterThan(15);
    expect([...collected].sort()).toEqual(specs.map((s) => routeKey(s.route)).sort());
    for (const spec of specs.filter((s) => s.hasBody)) {
      expect(seeds()[routeKey(spec.route)]?.body, routeKey(spec.route)).toBeDefined();
    }
  });

  it.each(collected)('%s: never a 5xx, never a record from a 4xx, never a hang', async (name) => {
    await fuzzed(name);
  });

  // The two tests below are about all the runs: each first fuzzes whatever route no test has yet
  // (in any order, or alone, they see every route fuzzed), then looks at what the runs left.
  it(
    'reached the handlers: valid answers and 404s as well as refusals at the edge',
    async () => {
      await fuzzedAll();
      const all = new Map<number, number>();
      for (const statuses of seen.values()) for (const [s, n] of statuses) all.set(s, (all.get(s) ?? 0) + n);
      if (process.env.FUZZ_STATS) {
        for (const [route, statuses] of seen)
          process.stdout.write(`${route.padEnd(40)} ${JSON.stringify(Object.fromEntries(statuses))}\n`);
      }
      expect([...seen.keys()].sort()).toEqual([...collected].sort());
      expect([...all.keys()].filter((s) => s < 300).length).toBeGreaterThan(0);
      expect(all.get(400)).toBeGreaterThan(0);
      expect(all.get(404)).toBeGreaterThan(0);
    },
    ALL_ROUTES_TIMEOUT_MS,
  );

  it(
    'leaves Object.prototype untouched, and the service ready with its chain intact',
    async () => {
      await fuzzedAll();
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect((await t.http.get('/health/ready')).status).toBe(200);
      const verify = await t.http.get('/v1/audit/verify').set('Authorization', `Bearer ${key}`);
      expect(verify.body.intact).toBe(true);
    },
    ALL_ROUTES_TIMEOUT_MS,
  );
});
