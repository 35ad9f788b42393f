/**
 * The service's own node-postgres connections (outside the pools) never get a statement while one
 * is under way: the driver would queue it, which node-postgres 8 deprecates and 9 removes (the
 * setup file fails a test file on the warning, but it is emitted only from the third statement
 * on, once per process, and not at all from a worker thread). Here every statement sent on any
 * node-postgres connection during a test is watched, and one sent on a connection that still has
 * one under way is an overlap. The two connections concerned: the API key change listener, whose
 * ping timer fires whatever the database's speed, and a verification worker's range source, which
 * is asked for several ranges at once.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeyChangeListener } from '../../src/repositories/api-key-notifications.js';
import { ChainRangeSource } from '../../src/repositories/audit-chain-repository.js';
import { sharingRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';
import { waitFor } from '../support/wait.js';

/** Watches every statement sent on a node-postgres connection until restored. */
function watchStatements() {
  const original = pg.Client.prototype.query;
  const underWay = new WeakMap<object, number>();
  const overlaps: string[] = [];
  const sent: string[] = [];
  const describe = (config: unknown) =>
    typeof config === 'string'
      ? config
      : ((config as { text?: string })?.text ?? (config as object)?.constructor?.name ?? 'query');
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const what = describe(args[0]).replace(/\s+/g, ' ').slice(0, 60);
    sent.push(what);
    const count = underWay.get(this) ?? 0;
    if (count > 0) overlaps.push(what);
    underWay.set(this, count + 1);
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      underWay.set(this, (underWay.get(this) ?? 1) - 1);
    };
    const result = (original as (...a: unknown[]) => unknown).apply(this, args) as
      | { then?: (a: () => void, b: () => void) => unknown; on?: (e: string, f: () => void) => unknown }
      | undefined;
    if (typeof result?.then === 'function') result.then(done, done);
    else if (typeof result?.on === 'function') {
      // A COPY or cursor: under way until its stream has ended.
      for (const event of ['end', 'error', 'close']) result.on(event, done);
    } else done();
    return result;
  } as typeof original;
  const restore = () => {
    pg.Client.prototype.query = original;
  };
  return { overlaps, sent, restore };
}

let t: TestApp;
let tenantId: string;
let watch: ReturnType<typeof watchStatements> | undefined;

beforeAll(async () => {
  t = await startTestApp();
  let key: string;
  ({ key, tenantId } = await t.createKey('Eén verbinding'));
  for (let i = 0; i < 6; i++) {
    const res = await t.http
      .post('/v1/assessments')
      .set({ Authorization: `Bearer ${key}` })
      .send(sharingRequest({ caseRef: `ONE-${i}` }));
    expect(res.status).toBe(201);
  }
});
afterAll(() => t.close());
afterEach(() => {
  watch?.restore();
  watch = undefined;
  vi.useRealTimers();
});

describe('the API key change listener', () => {
  it('sends no ping while the last one is under way, however often its timer fires', async () => {
    // The timer fires four times with no I/O in between: what a database slower than the ping
    // interval looks like to the listener.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const confirmations: number[] = [];
    const listener = new KeyChangeListener(
      { changed: () => undefined, confirmed: (sentAt) => confirmations.push(sentAt), lost: () => undefined },
      { connectionString: t.db.appUrl, pingIntervalMs: 250 },
    );
    watch = watchStatements();
    try {
      listener.start();
      await waitFor('the first ping', () => confirmations.length > 0);
      vi.advanceTimersByTime(1_000);
      vi.advanceTimersByTime(1_000);
      // Pinging goes on once the ping under way has returned.
      const before = confirmations.length;
      await waitFor('a later ping', () => {
        vi.advanceTimersByTime(250);
        return confirmations.length > before;
      });
    } finally {
      await listener.stop();
    }
    expect(watch.sent.filter((s) => s.includes('pg_notify')).length).toBeGreaterThan(1);
    expect(watch.overlaps).toEqual([]);
  });
});

describe("a verification worker's range source", () => {
  it('reads ranges asked for at once one after the other on its connection, each in full', async () => {
    const { rows } = await t.db.query<{ head: string }>(
      'SELECT max(sequence) AS head FROM audit_chain WHERE tenant_id = $1',
      [tenantId],
    );
    const head = Number(rows[0]!.head);
    expect(head).toBeGreaterThanOrEqual(6);
    const source = new ChainRangeSource(t.db.appUrl);
    watch = watchStatements();
    const third = Math.floor(head / 3);
    try {
      const ranges = await Promise.all([
        source.read(tenantId, 0, third),
        source.read(tenantId, third, 2 * third),
        source.read(tenantId, 2 * third, head),
      ]);
      expect(ranges.flat().map((e) => e.sequence)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      expect(watch.sent.filter((s) => s.startsWith('COPY (SELECT sequence')).length).toBe(3);
      expect(watch.overlaps).toEqual([]);
    } finally {
      await source.close();
    }
  });

  it('fails the reads still waiting when it is closed, and opens no connection for them', async () => {
    const source = new ChainRangeSource(t.db.appUrl);
    await source.read(tenantId, 0, 1);
    watch = watchStatements();
    const waiting = [source.read(tenantId, 1, 2), source.read(tenantId, 2, 3)];
    await source.close();
    for (const read of waiting) await expect(read).rejects.toThrow(/closed/);
    // (The service's own key change listener may ping meanwhile: only the source's statements count.)
    expect(watch.sent.filter((s) => s.startsWith('COPY'))).toEqual([]);
  });
});
