/**
 * Signed checkpoints: statements, signed with the service's Ed25519 key, that name positions of a
 * tenant's chain and their hashes.
 *
 * A hash of the chain covers the whole content of every entry, so a checkpoint at the head cannot
 * prove that an older record is included without revealing every entry in between (other
 * clients' data). A checkpoint is therefore a plain signed statement:
 *
 * - `head`:   { schema, kind: 'head', tenantId, sequence, hash, signedAt, publicKeyId }, signed on
 *             a schedule for every chain whose head moved;
 * - `export`: { schema, kind: 'export', tenantId, assessmentId, entries: [{ sequence, hash }...],
 *             head: { sequence, hash }, verifiedAt, signedAt, publicKeyId }, signed at every dossier
 *             export after the chain verified up to that head. It names the head too, so it is a
 *             head checkpoint as well.
 *
 * Verification (audit:verify) checks every stored checkpoint: its signature under the configured
 * key, and every (sequence, hash) it names against the recomputed chain. Someone who rewrites the
 * chain wholesale, recomputing every hash, is caught there, because they cannot sign new
 * checkpoints; and a checkpoint held outside the service (in an exported dossier) no longer matches.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { SIGNATURE_ALGORITHM, type Signer } from '../audit/signing.js';
import { canonicalJson } from '../lib/canonical-json.js';
import type { ChainRow } from '../repositories/audit-chain-repository.js';
import type { CheckpointRepository, CheckpointRow } from '../repositories/checkpoint-repository.js';
import {
  type AuditVerifier,
  type BrokenLink,
  type ChainCheck,
  type ChainCheckRun,
  FULL_VERIFICATION_MAX_AGE_MS,
} from './audit-verifier.js';

export const CHECKPOINT_SCHEMA = 'beroepsgeheim.checkpoint/1';

export interface ChainPosition {
  sequence: number;
  hash: string;
}

export interface HeadStatement extends ChainPosition {
  schema: typeof CHECKPOINT_SCHEMA;
  kind: 'head';
  tenantId: string;
  signedAt: string;
  publicKeyId: string;
}

export interface ExportStatement {
  schema: typeof CHECKPOINT_SCHEMA;
  kind: 'export';
  tenantId: string;
  assessmentId: string;
  entries: ChainPosition[];
  head: ChainPosition;
  verifiedAt: string;
  signedAt: string;
  publicKeyId: string;
}

export type Statement = HeadStatement | ExportStatement;

/** A checkpoint as handed out: the exact signed text, its signature and how to check it. */
export interface SignedCheckpoint {
  statement: string;
  signature: string;
  publicKeyId: string;
  algorithm: typeof SIGNATURE_ALGORITHM;
}

export interface PublicKeyView {
  algorithm: typeof SIGNATURE_ALGORITHM;
  publicKeyId: string;
  publicKeyPem: string;
}

/** Every (sequence, hash) a statement vouches for. */
export function positionsOf(statement: Statement): ChainPosition[] {
  if (statement.kind === 'head') return [{ sequence: statement.sequence, hash: statement.hash }];
  return [...statement.entries, statement.head];
}

export class CheckpointService {
  constructor(
    private readonly checkpoints: CheckpointRepository,
    private readonly signer: Signer,
    private readonly verifier: Pick<AuditVerifier, 'verifyFresh'>,
  ) {}

  publicKey(): PublicKeyView {
    return {
      algorithm: SIGNATURE_ALGORITHM,
      publicKeyId: this.signer.publicKeyId,
      publicKeyPem: this.signer.publicKeyPem,
    };
  }

  async signHead(tenantId: string, head: ChainPosition): Promise<SignedCheckpoint> {
    return this.store(tenantId, head, (common) => ({ ...common, kind: 'head', tenantId, ...head }));
  }

  async signExport(input: {
    tenantId: string;
    assessmentId: string;
    entries: ChainPosition[];
    head: ChainPosition;
    verifiedAt: string;
  }): Promise<SignedCheckpoint> {
    const { tenantId, assessmentId, entries, head, verifiedAt } = input;
    return this.store(tenantId, head, (common) => ({
      ...common,
      kind: 'export',
      tenantId,
      assessmentId,
      entries: entries.map(({ sequence, hash }) => ({ sequence, hash })),
      head: { sequence: head.sequence, hash: head.hash },
      verifiedAt,
    }));
  }

  /**
   * Signs the head of every chain that moved since its newest checkpoint, after verifying it: a
   * checkpoint vouches only for a chain that verified. Returns how many heads were signed.
   */
  async signMovedHeads(logger?: Logger): Promise<number> {
    let signed = 0;
    for (const { tenantId } of await this.checkpoints.movedHeads()) {
      const report = await this.verifier.verifyFresh(tenantId, FULL_VERIFICATION_MAX_AGE_MS);
      if (!report.intact || !report.headHash) {
        logger?.error(
          { tenantId, brokenAt: report.firstBrokenLink?.sequence },
          'chain does not verify; head not signed',
        );
        continue;
      }
      await this.signHead(tenantId, { sequence: report.headSequence, hash: report.headHash });
      signed += 1;
    }
    return signed;
  }

  /**
   * Signs moved heads every `intervalMs` until stopped. Runs in one process at a time per call;
   * several instances each signing the same head is harmless (both statements are true).
   */
  startSchedule(intervalMs: number, logger: Logger): { stop(): Promise<void> } {
    let running: Promise<void> | undefined;
    const tick = () => {
      if (running) return;
      running = this.signMovedHeads(logger)
        .then((count) => {
          if (count > 0) logger.info({ checkpoints: count }, 'chain heads signed');
        })
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'signing chain heads failed; retried next time'),
        )
        .finally(() => {
          running = undefined;
        });
    };
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await running;
      },
    };
  }

  /** The verification hook: every stored checkpoint against the recomputed chain. */
  chainCheck(): ChainCheck {
    return { name: 'signed_checkpoints', start: (tenantId) => this.startCheck(tenantId) };
  }

  private async store(
    tenantId: string,
    head: ChainPosition,
    build: (common: { schema: typeof CHECKPOINT_SCHEMA; signedAt: string; publicKeyId: string }) => Statement,
  ): Promise<SignedCheckpoint> {
    const signedAt = new Date();
    const statement = build({
      schema: CHECKPOINT_SCHEMA,
      signedAt: signedAt.toISOString(),
      publicKeyId: this.signer.publicKeyId,
    });
    const text = canonicalJson(statement);
    const row: CheckpointRow = {
      tenantId,
      id: randomUUID(),
      kind: statement.kind,
      signedAt,
      publicKeyId: this.signer.publicKeyId,
      headSequence: head.sequence,
      headHash: head.hash,
      statement: text,
      signature: this.signer.sign(text),
    };
    await this.checkpoints.insert(row);
    return this.present(row);
  }

  private present(row: CheckpointRow): SignedCheckpoint {
    return {
      statement: row.statement,
      signature: row.signature,
      publicKeyId: row.publicKeyId,
      algorithm: SIGNATURE_ALGORITHM,
    };
  }

  private async startCheck(tenantId: string): Promise<ChainCheckRun> {
    const rows = await this.checkpoints.listByTenant(tenantId);
    // Problems with a checkpoint itself, reported at the first chain position it names.
    const own: BrokenLink[] = [];
    const expected = new Map<number, Array<{ hash: string; label: string }>>();
    for (const row of rows) {
      const label = `the ${row.kind} checkpoint signed at ${row.signedAt.toISOString()}`;
      const statement = parseStatement(row.statement);
      const first = statement ? Math.min(...positionsOf(statement).map((p) => p.sequence)) : row.headSequence;
      const fail = (reason: string) => own.push({ sequence: first, reason: `${label} ${reason}` });
      if (row.publicKeyId !== this.signer.publicKeyId || statement?.publicKeyId !== row.publicKeyId) {
        fail(`was signed with a key this service does not hold (key id ${row.publicKeyId})`);
      } else if (!this.signer.verify(row.statement, row.signature)) {
        fail('has a signature that does not verify under the service key: it was altered or forged');
      } else if (!statement || statement.tenantId !== tenantId) {
        fail("is not a checkpoint of this organisation's chain");
      } else {
        for (const position of positionsOf(statement)) {
          const list = expected.get(position.sequence) ?? [];
          list.push({ hash: position.hash, label });
          expected.set(position.sequence, list);
        }
      }
    }
    own.sort((a, b) => a.sequence - b.sequence);
    const ownUpTo = (sequence: number) => {
      const first = own[0];
      return first && first.sequence <= sequence ? first : null;
    };
    return {
      checked: () => rows.length,
      check: (entries: ChainRow[]) => {
        for (const entry of entries) {
          const earlier = ownUpTo(entry.sequence);
          if (earlier) return earlier;
          for (const { hash, label } of expected.get(entry.sequence) ?? []) {
            if (hash !== entry.hash) {
              return {
                sequence: entry.sequence,
                reason: `${label} names another hash for this entry: the chain was rewritten after it was signed`,
              };
            }
          }
        }
        return null;
      },
      finish: (head) => {
        const earlier = ownUpTo(Number.MAX_SAFE_INTEGER);
        if (earlier) return earlier;
        const beyond = [...expected.keys()].filter((s) => s > head.sequence).sort((a, b) => a - b)[0];
        if (beyond === undefined) return null;
        return {
          sequence: head.sequence + 1,
          reason: `${expected.get(beyond)![0]!.label} names entry ${beyond}, but the chain ends at ${head.sequence}`,
        };
      },
    };
  }
}

function parseStatement(text: string): Statement | null {
  try {
    const value = JSON.parse(text) as Statement;
    return value && value.schema === CHECKPOINT_SCHEMA ? value : null;
  } catch {
    return null;
  }
}
