/**
 * The organisation logs as transparency logs: signed checkpoints, proofs, witnesses, trusted time,
 * and the evidence a dossier carries (docs/verifying-a-dossier.md, src/audit/README.md).
 *
 * Signing (signCheckpoint). A checkpoint is signed only over a tree the signer has established
 * itself: it starts from the subtree hashes of the last signed checkpoint's tree, read from storage
 * and checked to fold into that checkpoint's signed root; it recomputes every newer leaf from the
 * chain's stored content (checking each chain link on the way); the root so obtained must equal
 * the stored tree's root, and the stored tree's consistency proof from the last checkpoint must
 * verify against the signed old root and the recomputed new one (RFC 9162 §2.1.4). Only then is
 * the note signed (c2sp.org/tlog-checkpoint, signed-note) with the current key, and during a
 * rotation with the next key too. Nothing read from the database is signed unchecked: a rewritten
 * entry, a rewritten tree or a deleted checkpoint makes signing refuse and log an error.
 *
 * Publishing. Each new checkpoint is timestamped by the TSA (RFC 3161), when one is configured,
 * and submitted to every configured witness with a consistency proof from the size that witness
 * last cosigned (c2sp.org/tlog-witness); the cosignatures are verified and stored. A witness that
 * answers 409 with a larger size than the log has, or 422, has caught a truncated or rewritten
 * log: that is logged as an error, and verification reports it (chainCheck).
 *
 * Schedule. Every CHECKPOINT_INTERVAL_MS the trees that grew get a checkpoint; every export gets
 * one when no existing checkpoint covers its entries with enough cosignatures.
 */

import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { chainHash } from '../audit/chain.js';
import { formatCheckpoint, parseCheckpoint } from '../audit/checkpoint.js';
import { type CosignatureVerifier, cosignatureVerifierFromVkey } from '../audit/cosignature.js';
import {
  consistencyProof,
  EMPTY_ROOT,
  formatHash,
  type Hash,
  inclusionProof,
  leafHash,
  MerkleFrontier,
  rootHash,
  subtreeNodes,
  verifyConsistency,
  verifyInclusion,
} from '../audit/merkle.js';
import { openNote, signNote, splitNote } from '../audit/note.js';
import {
  formatAddCheckpoint,
  formatTlogProof,
  MAX_PROOF_LINES,
  parseTlogSize,
  TLOG_SIZE_CONTENT_TYPE,
} from '../audit/witness-protocol.js';
import type { WitnessConfig } from '../config/transparency.js';
import { CosignatureThresholdError, ProofRequestError } from '../errors.js';
import type { AuditChainRepository, ChainRow } from '../repositories/audit-chain-repository.js';
import type { StoredCheckpoint, TreeRepository } from '../repositories/tree-repository.js';
import type { BrokenLink, ChainCheck, ChainCheckRun } from './audit-verifier.js';
import type { LogKeys } from './log-keys.js';
import type { TimestampClient } from './timestamping.js';
import type { TreeBuilder } from './tree-builder.js';

/** Signing refused: the stored log does not extend what was signed before. */
export class LogIntegrityError extends Error {
  constructor(
    readonly tenantId: string,
    reason: string,
    readonly sequence: number,
  ) {
    super(reason);
    this.name = 'LogIntegrityError';
  }
}

export interface DossierEvidence {
  origin: string;
  /** The checkpoint note: the log's signature(s), then the witnesses' cosignatures. */
  checkpoint: string;
  treeSize: number;
  entries: Array<{ sequence: number; leafIndex: number; inclusionProof: string[]; tlogProof: string }>;
  timestamp: { token: string; genTime: string } | null;
  cosignatureThreshold: number;
}

export type EvidenceResult =
  | {
      ok: true;
      evidence: DossierEvidence;
      /** The chosen checkpoint as stored: when the service signed it, and its log-signed note. */
      checkpoint: { signedAt: Date; logSignedNote: string };
    }
  | { ok: false; brokenAt: number; reason: string };

export interface WitnessAlarm {
  witness: string;
  reason: string;
  at: string;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const equal = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

export class TransparencyLog {
  private readonly witnessVerifiers: Array<{ config: WitnessConfig; verifier: CosignatureVerifier }>;
  private readonly signing = new Map<string, Promise<StoredCheckpoint | null>>();
  /** Refusals by witnesses that show a truncated or rewritten log, per organisation (this process). */
  private readonly alarms = new Map<string, WitnessAlarm[]>();

  constructor(
    private readonly trees: TreeRepository,
    private readonly chain: AuditChainRepository,
    private readonly builder: TreeBuilder,
    readonly keys: LogKeys,
    private readonly options: {
      witnesses: WitnessConfig[];
      threshold: number;
      witnessTimeoutMs: number;
      tsa?: TimestampClient;
      logger?: Logger;
    },
  ) {
    this.witnessVerifiers = options.witnesses.map((config) => ({
      config,
      verifier: cosignatureVerifierFromVkey(config.vkey),
    }));
  }

  get threshold(): number {
    return this.options.threshold;
  }

  witnesses(): WitnessConfig[] {
    return this.options.witnesses;
  }

  origin(tenantId: string): string {
    return this.keys.origin(tenantId);
  }

  witnessAlarms(tenantId: string): WitnessAlarm[] {
    return this.alarms.get(tenantId) ?? [];
  }

  /** Signs a checkpoint of the current tree unless its size is signed already; see the header. */
  signCheckpoint(tenantId: string): Promise<StoredCheckpoint | null> {
    const running = this.signing.get(tenantId);
    if (running) return running.then(() => this.signCheckpoint(tenantId));
    const run = this.sign(tenantId).finally(() => {
      if (this.signing.get(tenantId) === run) this.signing.delete(tenantId);
    });
    this.signing.set(tenantId, run);
    return run;
  }

  /** Every tree that grew since its last checkpoint gets one; returns how many were signed. */
  async signGrown(logger?: Logger): Promise<number> {
    await this.builder.catchUpAll(logger);
    let signed = 0;
    for (const tenantId of await this.trees.grownSinceCheckpoint()) {
      try {
        if (await this.signCheckpoint(tenantId)) signed += 1;
      } catch (error) {
        if (!(error instanceof LogIntegrityError)) throw error;
        logger?.error({ tenantId, sequence: error.sequence, reason: error.message }, 'checkpoint not signed');
      }
    }
    return signed;
  }

  startSchedule(intervalMs: number, logger: Logger): { stop(): Promise<void> } {
    let running: Promise<void> | undefined;
    const timer = setInterval(() => {
      if (running) return;
      running = this.signGrown(logger)
        .then((count) => {
          if (count > 0) logger.info({ checkpoints: count }, 'transparency log checkpoints signed');
        })
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'signing checkpoints failed; retried next time'),
        )
        .finally(() => {
          running = undefined;
        });
    }, intervalMs);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await running;
      },
    };
  }

  private async sign(tenantId: string): Promise<StoredCheckpoint | null> {
    const built = await this.builder.catchUp(tenantId);
    const size = built.size;
    const origin = this.origin(tenantId);
    const last = await this.trees.latestCheckpoint(tenantId);
    if (last && last.treeSize === size) return last;
    if (last && last.treeSize > size) {
      throw new LogIntegrityError(
        tenantId,
        `the log has ${size} entries but a checkpoint of ${last.treeSize} was signed: entries were removed`,
        size + 1,
      );
    }
    if (size === 0) return null;
    const oldSize = last?.treeSize ?? 0;
    const oldRoot = last ? this.openStored(last) : EMPTY_ROOT;
    const reader = this.trees.nodeReader(tenantId);
    const frontier = MerkleFrontier.fromNodes(
      oldSize,
      oldSize > 0 ? await reader.readNodes(subtreeNodes(0, oldSize)) : [],
    );
    if (!equal(frontier.root(), oldRoot)) {
      throw new LogIntegrityError(
        tenantId,
        'the stored tree no longer folds into the last signed checkpoint',
        1,
      );
    }
    await this.appendRecomputed(tenantId, oldSize, size, frontier);
    const root = frontier.root();
    if (!equal(root, await rootHash(size, reader))) {
      throw new LogIntegrityError(tenantId, 'the stored tree disagrees with the chain content', oldSize + 1);
    }
    const proof = await consistencyProof(oldSize, size, reader);
    if (!verifyConsistency(oldSize, size, oldRoot, root, proof)) {
      throw new LogIntegrityError(
        tenantId,
        'the tree is not consistent with the last signed checkpoint',
        oldSize + 1,
      );
    }
    const note = signNote(
      formatCheckpoint({ origin, treeSize: size, rootHash: root }),
      this.keys.signers(origin),
    );
    const checkpoint: StoredCheckpoint = {
      tenantId,
      treeSize: size,
      rootHash: root,
      note,
      signedAt: new Date(),
    };
    const inserted = await this.trees.insertCheckpoint(checkpoint);
    const stored = inserted ? checkpoint : await this.trees.checkpointAt(tenantId, size);
    if (!stored) throw new Error('transparency log: a checkpoint vanished after it was stored');
    if (inserted) await this.publish(stored);
    return stored;
  }

  /** Appends the leaves (from, to] recomputed from the chain's content, checking each link. */
  private async appendRecomputed(
    tenantId: string,
    from: number,
    to: number,
    frontier: MerkleFrontier,
  ): Promise<void> {
    let after = Math.max(0, from - 1);
    let previous: string | null = null;
    while (frontier.size < to) {
      const rows = await this.chain.readRangeBytes(tenantId, after, Math.min(5_000, to - after));
      if (rows.length === 0) break;
      for (const row of rows) {
        if (row.sequence <= from) {
          previous = row.hash;
          continue;
        }
        const expected = frontier.size + 1;
        const linked = expected === 1 ? true : previous === row.previousHash;
        if (row.sequence !== expected || !linked || chainHash(row.previousHash, row.bytes) !== row.hash) {
          throw new LogIntegrityError(
            tenantId,
            `chain entry ${expected} is missing or does not link`,
            expected,
          );
        }
        frontier.append(leafHash(row.bytes));
        previous = row.hash;
        if (frontier.size === to) break;
      }
      after = rows[rows.length - 1]!.sequence;
    }
    if (frontier.size !== to)
      throw new LogIntegrityError(tenantId, `chain entry ${frontier.size + 1} is missing`, frontier.size + 1);
  }

  /** A stored checkpoint's root, after checking its note is signed by the log and says what the row says. */
  private openStored(checkpoint: StoredCheckpoint): Hash {
    const origin = this.origin(checkpoint.tenantId);
    try {
      const opened = openNote(checkpoint.note, this.keys.verifiers(origin));
      const parsed = parseCheckpoint(opened.text);
      if (
        parsed.origin === origin &&
        parsed.treeSize === checkpoint.treeSize &&
        equal(parsed.rootHash, checkpoint.rootHash)
      ) {
        return parsed.rootHash;
      }
    } catch {
      // reported below
    }
    throw new LogIntegrityError(
      checkpoint.tenantId,
      `the stored checkpoint of ${checkpoint.treeSize} is not what the log signed`,
      1,
    );
  }

  /** Timestamp and witnesses for a new checkpoint; failures are logged, never thrown. */
  private async publish(checkpoint: StoredCheckpoint): Promise<void> {
    const logger = this.options.logger;
    if (this.options.tsa) {
      try {
        const timestamp = await this.options.tsa.timestamp(utf8(checkpoint.note));
        await this.trees.insertTimestamp(checkpoint.tenantId, checkpoint.treeSize, timestamp);
      } catch (error) {
        logger?.warn({ err: error, tenantId: checkpoint.tenantId }, 'timestamping the checkpoint failed');
      }
    }
    await Promise.all(this.witnessVerifiers.map((w) => this.submit(checkpoint, w.config, w.verifier)));
  }

  private alarm(tenantId: string, witness: string, reason: string): void {
    const list = this.alarms.get(tenantId) ?? [];
    list.push({ witness, reason, at: new Date().toISOString() });
    this.alarms.set(tenantId, list.slice(-20));
    this.options.logger?.error({ tenantId, witness, reason }, 'a witness refused the log');
  }

  /** c2sp.org/tlog-witness add-checkpoint, with one retry from the size a 409 names. */
  private async submit(
    checkpoint: StoredCheckpoint,
    witness: WitnessConfig,
    verifier: CosignatureVerifier,
  ): Promise<void> {
    const { tenantId, treeSize } = checkpoint;
    const logger = this.options.logger;
    const reader = this.trees.nodeReader(tenantId);
    let oldSize = (await this.trees.cosignedSizes(tenantId)).get(witness.name) ?? 0;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (oldSize > treeSize) {
        this.alarm(
          tenantId,
          witness.name,
          `the witness cosigned ${oldSize} entries; the log has ${treeSize}: entries were removed`,
        );
        return;
      }
      const proof = await consistencyProof(oldSize, treeSize, reader);
      if (proof.length > MAX_PROOF_LINES) return;
      let response: Response;
      try {
        response = await fetch(`${witness.url}/add-checkpoint`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body: formatAddCheckpoint({ oldSize, proof, checkpoint: checkpoint.note }),
          signal: AbortSignal.timeout(this.options.witnessTimeoutMs),
        });
      } catch (error) {
        logger?.warn({ err: error, tenantId, witness: witness.name }, 'witness unreachable');
        return;
      }
      const body = await response.text();
      if (response.status === 200) {
        await this.storeCosignatures(checkpoint, witness, verifier, body);
        return;
      }
      if (
        response.status === 409 &&
        response.headers.get('content-type')?.startsWith(TLOG_SIZE_CONTENT_TYPE)
      ) {
        try {
          oldSize = parseTlogSize(body);
          continue;
        } catch {
          break;
        }
      }
      if (response.status === 422) {
        this.alarm(
          tenantId,
          witness.name,
          'the witness found the log inconsistent with what it cosigned (rewritten or forked)',
        );
        return;
      }
      logger?.warn({ tenantId, witness: witness.name, status: response.status }, 'witness did not cosign');
      return;
    }
  }

  private async storeCosignatures(
    checkpoint: StoredCheckpoint,
    witness: WitnessConfig,
    verifier: CosignatureVerifier,
    body: string,
  ): Promise<void> {
    const { text } = splitNote(checkpoint.note);
    for (const line of body.split('\n').filter(Boolean)) {
      try {
        const opened = openNote(`${text}\n${line}\n`, [verifier]);
        const timestamp = verifier.timestampOf(opened.signatures[0]!.signature) ?? 0;
        await this.trees.insertCosignature(checkpoint.tenantId, checkpoint.treeSize, {
          witness: witness.name,
          signatureLine: line,
          cosignedAt: new Date(timestamp * 1000),
        });
      } catch {
        // Lines of other keys are ignored (c2sp.org/tlog-witness: the client ignores unknown keys).
      }
    }
  }

  /** The checkpoint note with the valid cosignatures stored for it, and how many witnesses they are. */
  async withCosignatures(checkpoint: StoredCheckpoint): Promise<{ note: string; witnesses: number }> {
    const { text } = splitNote(checkpoint.note);
    const lines: string[] = [];
    for (const stored of await this.trees.cosignatures(checkpoint.tenantId, checkpoint.treeSize)) {
      const w = this.witnessVerifiers.find((x) => x.config.name === stored.witness);
      if (!w) continue;
      try {
        openNote(`${text}\n${stored.signatureLine}\n`, [w.verifier]);
        lines.push(stored.signatureLine);
      } catch {
        // An altered stored cosignature is not handed out.
      }
    }
    return { note: checkpoint.note + lines.map((l) => `${l}\n`).join(''), witnesses: lines.length };
  }

  /** GET /v1/audit/checkpoint: the latest checkpoint with its cosignatures. */
  async latestNote(tenantId: string): Promise<string | null> {
    const latest = await this.trees.latestCheckpoint(tenantId);
    return latest ? (await this.withCosignatures(latest)).note : null;
  }

  /**
   * The size proofs can be asked for. Requests beyond the chain are refused before the tree is
   * extended (a refused request writes nothing); then the tree is caught up, and a tree that stops
   * short of the chain (a broken link) limits what can be proven.
   */
  private async provable(tenantId: string, size: number, field: 'treeSize' | 'to'): Promise<void> {
    const head = await this.chain.headSequence(tenantId);
    if (size > head) throw new ProofRequestError(field, `the log has ${head} entries`);
    const built = (await this.builder.catchUp(tenantId)).size;
    if (size > built) throw new ProofRequestError(field, `the log can be proven up to ${built} entries`);
  }

  async inclusion(tenantId: string, leafIndex: number, treeSize: number): Promise<Hash[]> {
    if (leafIndex >= treeSize) throw new ProofRequestError('leafIndex', 'must be smaller than treeSize');
    await this.provable(tenantId, treeSize, 'treeSize');
    return inclusionProof(leafIndex, treeSize, this.trees.nodeReader(tenantId));
  }

  async consistency(tenantId: string, from: number, to: number): Promise<Hash[]> {
    if (from > to) throw new ProofRequestError('from', 'must not exceed to');
    await this.provable(tenantId, to, 'to');
    return consistencyProof(from, to, this.trees.nodeReader(tenantId));
  }

  /**
   * What a dossier carries for its chain entries: the earliest checkpoint that covers them all and
   * meets the cosignature threshold (so a later rewrite cannot produce it), signing one when none
   * does; and an inclusion proof per entry, checked here against the signed root with the leaf
   * recomputed from the entry's content. The cost is logarithmic in the log's size.
   */
  async evidenceFor(tenantId: string, entries: ChainRow[]): Promise<EvidenceResult> {
    const maxSequence = Math.max(...entries.map((e) => e.sequence));
    const built = await this.builder.catchUp(tenantId);
    if (built.size < maxSequence) {
      return {
        ok: false,
        brokenAt: built.brokenAt ?? built.size + 1,
        reason: 'the chain does not link up to this record',
      };
    }
    // Every export signs the log as it is now (and publishes it to the witnesses and the TSA), even
    // when the dossier then carries an earlier checkpoint.
    try {
      await this.signCheckpoint(tenantId);
    } catch (error) {
      if (error instanceof LogIntegrityError)
        return { ok: false, brokenAt: error.sequence, reason: error.message };
      throw error;
    }
    let chosen: { checkpoint: StoredCheckpoint; note: string; witnesses: number } | null = null;
    let best = 0;
    for (const candidate of await this.trees.checkpointsFrom(tenantId, maxSequence, 50)) {
      const cosigned = await this.withCosignatures(candidate);
      best = Math.max(best, cosigned.witnesses);
      if (cosigned.witnesses >= this.threshold) {
        chosen = { checkpoint: candidate, ...cosigned };
        break;
      }
    }
    if (!chosen) {
      let fresh: StoredCheckpoint | null;
      try {
        fresh = await this.signCheckpoint(tenantId);
      } catch (error) {
        if (error instanceof LogIntegrityError)
          return { ok: false, brokenAt: error.sequence, reason: error.message };
        throw error;
      }
      if (!fresh || fresh.treeSize < maxSequence) {
        return { ok: false, brokenAt: maxSequence, reason: 'no checkpoint covers this record' };
      }
      const cosigned = await this.withCosignatures(fresh);
      if (cosigned.witnesses < this.threshold) {
        throw new CosignatureThresholdError(this.threshold, Math.max(best, cosigned.witnesses));
      }
      chosen = { checkpoint: fresh, ...cosigned };
    }
    const { checkpoint } = chosen;
    let root: Hash;
    try {
      root = this.openStored(checkpoint);
    } catch (error) {
      if (error instanceof LogIntegrityError)
        return { ok: false, brokenAt: error.sequence, reason: error.message };
      throw error;
    }
    const reader = this.trees.nodeReader(tenantId);
    const proofs: DossierEvidence['entries'] = [];
    for (const entry of entries) {
      const index = entry.sequence - 1;
      const proof = await inclusionProof(index, checkpoint.treeSize, reader);
      if (!verifyInclusion(leafHash(utf8(entry.content)), index, checkpoint.treeSize, proof, root)) {
        return {
          ok: false,
          brokenAt: entry.sequence,
          reason:
            'the entry content is not the leaf the signed checkpoint holds: it was changed after it was logged',
        };
      }
      proofs.push({
        sequence: entry.sequence,
        leafIndex: index,
        inclusionProof: proof.map(formatHash),
        tlogProof: formatTlogProof({ index, proof, checkpoint: chosen.note }),
      });
    }
    const timestamp = await this.trees.timestamp(tenantId, checkpoint.treeSize);
    return {
      ok: true,
      checkpoint: { signedAt: checkpoint.signedAt, logSignedNote: checkpoint.note },
      evidence: {
        origin: this.origin(tenantId),
        checkpoint: chosen.note,
        treeSize: checkpoint.treeSize,
        entries: proofs,
        timestamp: timestamp
          ? {
              token: Buffer.from(timestamp.token).toString('base64'),
              genTime: timestamp.genTime.toISOString(),
            }
          : null,
        cosignatureThreshold: this.threshold,
      },
    };
  }

  /** Signs a statement over a dossier's readable parts that are not in the chain. */
  signPresentation(tenantId: string, text: string): string {
    return signNote(text, this.keys.signers(this.origin(tenantId)));
  }

  /**
   * The verification hook: recomputes the whole tree from the chain's content while verification
   * reads it, and compares every signed checkpoint (its signature, and its root at its size) and
   * every configured witness's latest cosigned checkpoint. A checkpoint or witness naming more
   * entries than the chain has shows truncation; another root at a size shows a rewrite or fork.
   */
  chainCheck(): ChainCheck {
    return {
      name: 'transparency_log',
      // Every entry's leaf hash: a parallel verification has its workers compute them.
      leafHashes: true,
      start: (tenantId, options) => this.startCheck(tenantId, options.incremental),
    };
  }

  private async startCheck(tenantId: string, incremental: boolean): Promise<ChainCheckRun> {
    const origin = this.origin(tenantId);
    const expected = new Map<number, Array<{ root: Hash; label: string }>>();
    const own: BrokenLink[] = [];
    const stored = await this.trees.allCheckpoints(tenantId);
    for (const checkpoint of stored) {
      const label = `the checkpoint of ${checkpoint.treeSize} entries signed at ${checkpoint.signedAt.toISOString()}`;
      try {
        const root = this.openStored(checkpoint);
        expected.set(checkpoint.treeSize, [...(expected.get(checkpoint.treeSize) ?? []), { root, label }]);
      } catch {
        own.push({ sequence: 1, reason: `${label} is not signed by the log's keys or not what it says` });
      }
    }
    for (const witness of this.witnessVerifiers) {
      const seen = await this.witnessView(origin, witness.config, witness.verifier);
      if (seen) {
        const label = `the checkpoint of ${seen.treeSize} entries that witness ${witness.config.name} cosigned`;
        expected.set(seen.treeSize, [...(expected.get(seen.treeSize) ?? []), { root: seen.rootHash, label }]);
      }
    }
    for (const alarm of this.witnessAlarms(tenantId)) {
      own.push({
        sequence: 1,
        reason: `witness ${alarm.witness} refused this log at ${alarm.at}: ${alarm.reason}`,
      });
    }
    own.sort((a, b) => a.sequence - b.sequence);
    const frontier = new MerkleFrontier();
    let broken: BrokenLink | null = own[0] ?? null;
    let checked = 0;
    const compare = () => {
      for (const { root, label } of expected.get(frontier.size) ?? []) {
        checked += 1;
        if (!equal(root, frontier.root()) && !broken) {
          broken = {
            sequence: frontier.size,
            reason: `${label} has another root than the tree recomputed from the chain: the log was rewritten at or before this entry`,
          };
        }
      }
    };
    return {
      checked: () => checked,
      check: (entries) => {
        // An incremental run sees only the newest entries: the tree needs them all, so it checks
        // nothing then (a full verification, or signing, covers it).
        if (incremental || broken) return broken;
        for (const entry of entries) {
          if (entry.sequence !== frontier.size + 1) return broken;
          frontier.append(
            'leafHash' in entry && entry.leafHash instanceof Uint8Array
              ? entry.leafHash
              : leafHash('bytes' in entry ? (entry as { bytes: Uint8Array }).bytes : utf8(entry.content)),
          );
          compare();
          if (broken) return broken;
        }
        return null;
      },
      finish: (head) => {
        if (broken) return broken;
        if (incremental) return null;
        const beyond = [...expected.keys()].filter((size) => size > head.sequence).sort((a, b) => a - b)[0];
        if (beyond !== undefined) {
          return {
            sequence: head.sequence + 1,
            reason: `${expected.get(beyond)![0]!.label} names ${beyond} entries, but the chain ends at ${head.sequence}: entries were removed`,
          };
        }
        return null;
      },
    };
  }

  /** A witness's latest cosigned checkpoint of this log (§Monitor Retrieval Mechanism), verified. */
  private async witnessView(
    origin: string,
    witness: WitnessConfig,
    verifier: CosignatureVerifier,
  ): Promise<{ treeSize: number; rootHash: Hash } | null> {
    const hash = createHash('sha256').update(origin, 'utf8').digest('hex');
    try {
      const response = await fetch(`${witness.url}/${hash}/checkpoint`, {
        signal: AbortSignal.timeout(this.options.witnessTimeoutMs),
      });
      if (!response.ok) return null;
      const note = await response.text();
      const opened = openNote(note, [...this.keys.verifiers(origin), verifier]);
      if (!opened.signatures.some((s) => s.name === witness.name)) return null;
      if (!opened.signatures.some((s) => s.name === origin)) return null;
      const checkpoint = parseCheckpoint(opened.text);
      return checkpoint.origin === origin ? checkpoint : null;
    } catch {
      return null;
    }
  }
}
