/**
 * Idempotency-Key replays are rebuilt from the integrity chain, not trusted from the mutable table
 * that remembers the key: an edited completion is not replayed as if true. A replay carries the
 * Location and Content-Language of the first answer. And a weighing committed after its client
 * disconnected is logged (record id and chain position only), so operations can reconcile.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentRequest } from '../support/requests.js';
import { startTestApp, type TestApp } from '../support/service.js';

let t: TestApp;
let key: string;
let tenantId: string;

const auth = () => ({ Authorization: `Bearer ${key}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const post = (idempotencyKey: string, body: object) =>
  t.http.post('/v1/assessments').set(auth()).set('Idempotency-Key', idempotencyKey).send(body);

beforeAll(async () => {
  t = await startTestApp();
  ({ key, tenantId } = await t.createKey('Replay org'));
});
afterAll(() => t.close());

async function sequenceOf(id: string): Promise<number> {
  const { rows } = await t.db.query<{ sequence: string }>(
    'SELECT sequence FROM audit_chain WHERE tenant_id = $1 AND entity_id = $2',
    [tenantId, id],
  );
  return Number(rows[0]!.sequence);
}

describe('a replayed answer', () => {
  // A replay is rebuilt from the chain entry, in the language of the record (here the body's).
  it('is the first answer, with its Location and Content-Language, whatever the retry asks', async () => {
    const body = { ...consentRequest({ caseRef: 'REPLAY-LANG' }), language: 'en' };
    const first = await post('replay-lang', body).set('Accept-Language', 'en');
    expect(first.status).toBe(201);
    expect(first.headers['content-language']).toBe('en');
    const again = await post('replay-lang', body).set('Accept-Language', 'nl');
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['content-language']).toBe('en');
    expect(again.text).toBe(first.text);
  });

  it('of an event is rebuilt from the chain too', async () => {
    const created = await post('replay-event-base', consentRequest({ caseRef: 'REPLAY-EVENT' }));
    const event = { type: 'note', professionalRef: 'p-9', text: 'Gebeld met de cliënt' };
    const send = () =>
      t.http
        .post(`/v1/assessments/${created.body.id}/events`)
        .set(auth())
        .set('Idempotency-Key', 'replay-event')
        .send(event);
    const first = await send();
    expect(first.status).toBe(201);
    const again = await send();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).toBe(first.text);
  });

  it('stores no copy of the answer, only the chain position of the record', async () => {
    const first = await post('replay-stored', consentRequest({ caseRef: 'REPLAY-STORED' }));
    const { rows } = await t.db.query(
      'SELECT response_body, response_sequence FROM idempotency_keys WHERE idempotency_key = $1',
      ['replay-stored'],
    );
    expect(rows).toEqual([
      { response_body: null, response_sequence: String(await sequenceOf(first.body.id)) },
    ]);
  });
});

describe('an edited completion', () => {
  it('pointing at another record of the organisation is not replayed (500, logged), and nothing is recorded', async () => {
    const victim = await post('forge-1', consentRequest({ caseRef: 'FORGE-ONE' }));
    const other = await post('forge-2', consentRequest({ caseRef: 'FORGE-TWO' }));
    await t.db.query('UPDATE idempotency_keys SET response_sequence = $1 WHERE idempotency_key = $2', [
      await sequenceOf(other.body.id),
      'forge-1',
    ]);
    const before = await t.db.rowCounts();
    const logged = t.logs.length;
    const replay = await post('forge-1', consentRequest({ caseRef: 'FORGE-ONE' }));
    expect(replay.status).toBe(500);
    expect(replay.text).not.toContain(other.body.id);
    expect(replay.text).not.toContain('FORGE-TWO');
    expect(await t.db.rowCounts()).toEqual(before);
    // Only this replay's lines: other tests of the file (in any order) log the same refusal.
    const line = t.logs
      .slice(logged)
      .find(
        (l) => l.msg === 'an Idempotency-Key completion does not match the integrity chain; not replayed',
      );
    expect(line).toMatchObject({ level: 'error', sequence: await sequenceOf(other.body.id) });
    expect(JSON.stringify(line)).not.toContain('FORGE');
    expect(victim.status).toBe(201);
  });

  it('pointing at an entry of another kind, or at none, is not replayed either', async () => {
    await post('forge-3', consentRequest({ caseRef: 'FORGE-THREE' }));
    for (const sequence of [1, 999_999]) {
      await t.db.query('UPDATE idempotency_keys SET response_sequence = $1 WHERE idempotency_key = $2', [
        sequence,
        'forge-3',
      ]);
      expect((await post('forge-3', consentRequest({ caseRef: 'FORGE-THREE' }))).status).toBe(500);
    }
  });

  it('stored before this version (the body itself): the body is not trusted, the answer is rebuilt', async () => {
    const body = consentRequest({ caseRef: 'FORGE-LEGACY' });
    const first = await post('forge-legacy', body);
    expect(first.body.decision).toBe('allowed');
    // As an older version stored it, then edited: another decision in the stored body.
    const edited = JSON.stringify({ ...first.body, decision: 'required', explanation: 'forged' });
    await t.db.query(
      `UPDATE idempotency_keys SET response_sequence = NULL, response_body = $1 WHERE idempotency_key = $2`,
      [edited, 'forge-legacy'],
    );
    const again = await post('forge-legacy', body);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).toBe(first.text);
  });
});

describe('an answer the client never received', () => {
  it('is logged with the record id and chain position, nothing else', async () => {
    // Appends wait at a gate, so that the client is gone before the record commits.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const trail = t.backend.trail;
    const append = trail.append.bind(trail);
    let appending = 0;
    trail.append = (async (...args: Parameters<typeof append>) => {
      appending += 1;
      await gate;
      return append(...args);
    }) as typeof trail.append;
    try {
      const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const body = JSON.stringify(consentRequest({ caseRef: 'LOST-ANSWER-CASE' }));
      const socket = connect(Number(new URL(base).port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST /v1/assessments HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${key}\r\n` +
          `Content-Type: application/json\r\nIdempotency-Key: lost-1\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      for (let i = 0; i < 200 && appending === 0; i++) await sleep(25);
      expect(appending).toBe(1);
      socket.destroy();
      await sleep(100);
      open();
      const lost = () =>
        t.logs.find((l) => l.msg === 'recorded, but the client disconnected before the answer');
      for (let i = 0; i < 200 && !lost(); i++) await sleep(25);
      const { rows } = await t.db.query<{ id: string; sequence: string }>(
        'SELECT id, sequence FROM assessments WHERE case_ref = $1',
        ['LOST-ANSWER-CASE'],
      );
      expect(rows).toHaveLength(1);
      const line = lost()!;
      expect(line).toMatchObject({
        level: 'warn',
        recordId: rows[0]!.id,
        sequence: Number(rows[0]!.sequence),
      });
      // Besides the ids and time every line carries (request, trace): only the record and position.
      expect(Object.keys(line).sort()).toEqual(
        [
          'level',
          'msg',
          'recordId',
          'requestId',
          'sequence',
          'service',
          'span_id',
          'time',
          'trace_id',
        ].sort(),
      );
      // The client retries with the same key: the answer it missed.
      const retry = await post('lost-1', JSON.parse(body));
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body.id).toBe(rows[0]!.id);
    } finally {
      trail.append = append;
      open();
    }
  });
});
