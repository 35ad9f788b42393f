#!/usr/bin/env node
/**
 * Verifies an exported tuchtrecht dossier (JSON) offline: without the service, its database or any
 * other file of this project. Copy this file alone and run it with Node 20 or later:
 *
 *   node verify-export.mjs <dossier.json> <public-key.pem> [<other-dossier-or-checkpoint.json> ...]
 *
 * It checks (docs/verifying-a-dossier.md describes each step, for reimplementing it elsewhere):
 *  1. every chain entry: hash = SHA-256(previousHash + content), content is canonical JSON (RFC 8785)
 *     of an envelope naming this organisation, this sequence number and this entry type;
 *  2. the readable record and events equal what the hashed contents hold (so editing the readable
 *     part is caught), including the digest of the complete result and the answers;
 *  3. the checkpoint: its Ed25519 signature under the given public key, and that it names exactly
 *     these entries with these hashes;
 *  4. optionally, against other dossiers or checkpoints of the same organisation signed by the same
 *     key: no chain position may have two different hashes (a rewritten chain shows up here).
 *
 * Prints one line per check and a verdict; exits 0 when everything holds, 1 when not, 2 on usage.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const ENVELOPE_SCHEMA = 'beroepsgeheim.audit-entry/1';
const DOSSIER_SCHEMA = 'beroepsgeheim.dossier/1';
const CHECKPOINT_SCHEMA = 'beroepsgeheim.checkpoint/1';
// Fields the service adds around the engine's result in a record (everything else is the result).
const DETAIL_FIELDS = [
  'id',
  'recordedAt',
  'caseRef',
  'serviceVersion',
  'integrity',
  'request',
  'recordedBy',
  'resultDigest',
  'textsReproduced',
  'events',
];

/** Canonical JSON (RFC 8785): members sorted by UTF-16 code units, no whitespace. */
function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
const same = (a, b) => canonical(a) === canonical(b);
const without = (object, keys) =>
  Object.fromEntries(Object.entries(object).filter(([k]) => !keys.includes(k)));

const results = [];
const check = (ok, what) => {
  results.push({ ok: Boolean(ok), what });
  return Boolean(ok);
};
const notes = [];

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The facts the service records of a result (see recordResult in src/services/assessments.ts). */
function factsOf(result) {
  return {
    rulesetVersion: result.rulesetVersion,
    rulesetHash: result.rulesetHash,
    engineVersion: result.engineVersion,
    language: result.language,
    referenceDate: result.referenceDate,
    decision: result.decision,
    ground: result.ground,
    decisiveRuleId: result.decisiveRuleId ?? null,
    acuteDanger: result.acuteDanger,
    trace: result.trace.map((t) => [t.ruleId, t.outcome]),
    information: {
      share: result.information.share.map(({ category, ruleId }) => ({ category, ruleId })),
      withhold: result.information.withhold.map(({ category, ruleId }) => ({ category, ruleId })),
    },
    obligations: result.obligations.map((o) => o.id),
    missingAnswers: result.missingAnswers.map((q) => q.id),
    explanation: result.explanation,
    dossierNote: result.dossierNote,
  };
}

function verifySignedStatement(checkpoint, publicKey, label) {
  let signatureOk = false;
  try {
    signatureOk = verify(
      null,
      Buffer.from(checkpoint.statement, 'utf8'),
      publicKey,
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    signatureOk = false;
  }
  check(signatureOk, `${label}: Ed25519 signature verifies under the given public key`);
  let statement = null;
  try {
    statement = JSON.parse(checkpoint.statement);
  } catch {
    check(false, `${label}: statement is JSON`);
    return null;
  }
  check(
    statement.schema === CHECKPOINT_SCHEMA && canonical(statement) === checkpoint.statement,
    `${label}: statement is a canonical ${CHECKPOINT_SCHEMA} statement`,
  );
  return signatureOk ? statement : null;
}

function positionsOf(statement) {
  if (statement.kind === 'head') return [{ sequence: statement.sequence, hash: statement.hash }];
  return [...(statement.entries ?? []), statement.head];
}

function main(argv) {
  if (argv.length < 2) {
    process.stderr.write(
      'usage: node verify-export.mjs <dossier.json> <public-key.pem> [<other-dossier-or-checkpoint.json> ...]\n',
    );
    return 2;
  }
  const [dossierPath, keyPath, ...others] = argv;
  const dossier = readJson(dossierPath);
  const publicKey = createPublicKey(readFileSync(keyPath, 'utf8'));
  if (!check(publicKey.asymmetricKeyType === 'ed25519', 'the public key is an Ed25519 key')) return finish();
  const keyId = sha256Bytes(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 16);
  notes.push(`public key id ${keyId} (compare it with the id the organisation publishes)`);

  check(dossier.schema === DOSSIER_SCHEMA, `the file is a ${DOSSIER_SCHEMA} dossier`);
  const tenantId = dossier.organisation?.id;
  const assessment = dossier.assessment;
  const entries = dossier.chainEntries ?? [];
  if (!check(entries.length >= 1 && assessment, 'the dossier holds a record and its chain entries'))
    return finish();

  // 1. Every entry's hash, and its envelope.
  const envelopes = [];
  for (const entry of entries) {
    const label = `entry ${entry.sequence}`;
    check(
      sha256(entry.previousHash + entry.content) === entry.hash,
      `${label}: hash = SHA-256(previousHash + content)`,
    );
    let envelope = {};
    try {
      envelope = JSON.parse(entry.content);
    } catch {
      check(false, `${label}: content is JSON`);
    }
    check(canonical(envelope) === entry.content, `${label}: content is canonical JSON`);
    check(
      envelope.schema === ENVELOPE_SCHEMA &&
        envelope.tenantId === tenantId &&
        envelope.sequence === entry.sequence &&
        envelope.entryType === entry.entryType,
      `${label}: envelope names this organisation, sequence and entry type`,
    );
    envelopes.push(envelope);
  }

  // 2. The readable record equals the hashed one.
  const [recordEntry, ...eventEntries] = entries;
  const record = envelopes[0];
  const data = record.data ?? {};
  check(
    recordEntry.entryType === 'assessment.recorded' &&
      record.entityId === assessment.id &&
      data.assessmentId === assessment.id,
    'the first entry is the record of this assessment',
  );
  check(
    assessment.recordedAt === record.recordedAt &&
      assessment.caseRef === data.request?.caseRef &&
      assessment.serviceVersion === data.serviceVersion &&
      same(assessment.request, data.request) &&
      same(assessment.recordedBy, data.recordedBy),
    'record: time, case, request (with the answers) and who recorded it equal the hashed content',
  );
  check(
    same(assessment.integrity, {
      sequence: recordEntry.sequence,
      hash: recordEntry.hash,
      previousHash: recordEntry.previousHash,
    }),
    'record: integrity equals its chain entry',
  );
  const result = without(assessment, DETAIL_FIELDS);
  if (data.result && typeof data.result.resultDigest === 'string') {
    const { resultDigest, ...facts } = data.result;
    check(
      same(factsOf(result), facts),
      'record: decision, ground, rule outcomes, categories and notes equal the hashed facts',
    );
    check(assessment.resultDigest === resultDigest, 'record: resultDigest equals the hashed one');
    if (assessment.textsReproduced === false) {
      notes.push(
        'the service could not reproduce the rule texts of this record: only its facts are verified',
      );
    } else {
      // The digest is over the canonical JSON (RFC 8785) of the result: it binds every text.
      check(
        sha256(canonical(result)) === resultDigest,
        'record: SHA-256 of the complete result (all texts) equals resultDigest',
      );
    }
  } else {
    check(same(result, data.result), 'record: the result equals the hashed one');
  }

  // Questions: every answer shown is the answer recorded, and every recorded answer is shown.
  const answers = data.request?.answers ?? {};
  const shown = (dossier.questions ?? []).filter((q) => q.answer !== null);
  check(
    shown.every((q) => same(answers[q.id], q.answer)) && Object.keys(answers).length === shown.length,
    'questions: the answers shown are exactly the recorded answers',
  );

  // Events.
  const events = assessment.events ?? [];
  check(
    events.length === eventEntries.length && eventEntries.every((e) => e.entryType === 'assessment.event'),
    `events: ${events.length} in the dossier, one chain entry each`,
  );
  events.forEach((event, i) => {
    const entry = eventEntries[i];
    const envelope = envelopes[i + 1];
    if (!entry || !envelope) return;
    const eventData = envelope.data ?? {};
    check(
      envelope.entityId === event.id &&
        eventData.eventId === event.id &&
        eventData.assessmentId === assessment.id &&
        event.recordedAt === envelope.recordedAt &&
        same(
          without(event, ['id', 'recordedAt', 'integrity']),
          without(eventData, ['eventId', 'recordedBy']),
        ) &&
        same(event.integrity, {
          sequence: entry.sequence,
          hash: entry.hash,
          previousHash: entry.previousHash,
        }),
      `event ${entry.sequence}: equals the hashed content`,
    );
  });

  // 3. The checkpoint.
  const checkpoint = dossier.checkpoint;
  if (
    !check(checkpoint, 'the dossier carries a signed checkpoint (the service verified its chain at export)')
  ) {
    return finish();
  }
  check(
    checkpoint.algorithm === 'Ed25519' && checkpoint.publicKeyId === keyId,
    'checkpoint: made with this key',
  );
  const statement = verifySignedStatement(checkpoint, publicKey, 'checkpoint');
  if (statement) {
    check(
      statement.kind === 'export' &&
        statement.tenantId === tenantId &&
        statement.assessmentId === assessment.id &&
        statement.publicKeyId === keyId,
      'checkpoint: an export statement about this organisation and this assessment',
    );
    check(
      same(
        statement.entries,
        entries.map((e) => ({ sequence: e.sequence, hash: e.hash })),
      ),
      'checkpoint: names exactly these entries with these hashes',
    );
    check(
      statement.head.sequence >= Math.max(...entries.map((e) => e.sequence)) &&
        dossier.verification?.intact === true &&
        dossier.verification.headSequence === statement.head.sequence &&
        dossier.verification.headHash === statement.head.hash,
      `checkpoint: the chain verified up to entry ${statement.head.sequence} when it was signed`,
    );
    notes.push(
      `signed at ${statement.signedAt}; chain head then ${statement.head.sequence} ${statement.head.hash}`,
    );
  }

  // 4. Against other checkpoints the holder has.
  for (const path of others) {
    const other = readJson(path);
    const otherCheckpoint = other.schema === DOSSIER_SCHEMA ? other.checkpoint : other;
    if (!check(otherCheckpoint?.statement, `${path}: holds a signed checkpoint`)) continue;
    const otherStatement = verifySignedStatement(otherCheckpoint, publicKey, path);
    if (!otherStatement || !statement) continue;
    if (!check(otherStatement.tenantId === tenantId, `${path}: about the same organisation`)) continue;
    const mine = new Map(positionsOf(statement).map((p) => [p.sequence, p.hash]));
    let shared = 0;
    for (const position of positionsOf(otherStatement)) {
      const hash = mine.get(position.sequence);
      if (hash === undefined) continue;
      shared += 1;
      check(
        hash === position.hash,
        `${path}: entry ${position.sequence} has the same hash in both (a different hash means the chain was rewritten)`,
      );
    }
    if (shared === 0) notes.push(`${path}: names no entry this dossier names; nothing to compare`);
  }
  return finish();
}

function sha256Bytes(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

function finish() {
  for (const r of results) process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.what}\n`);
  for (const n of notes) process.stdout.write(`note  ${n}\n`);
  const failed = results.filter((r) => !r.ok).length;
  process.stdout.write(
    failed === 0
      ? `\nVERIFIED: all ${results.length} checks hold.\n`
      : `\nNOT VERIFIED: ${failed} of ${results.length} checks failed.\n`,
  );
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stdout.write(
    `FAIL  the files could not be read: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.stdout.write('\nNOT VERIFIED.\n');
  process.exitCode = 1;
}
