/**
 * Format-1 checkpoints (`beroepsgeheim.checkpoint/1`, src/audit/statement.ts): the signed head and
 * export statements of version 0.1. No longer written — checkpoints are C2SP signed notes of the
 * transparency log now (services/transparency.ts) — but still stored, handed out in old dossiers,
 * and verified: each one's signature under the key of the published history it names (so a
 * statement signed before a key rotation still verifies), its shape (strictly, per kind), and
 * every (sequence, hash) it names against the recomputed chain.
 *
 * This module keeps storage and checking only; the statement format lives in src/audit/.
 */
import { SIGNATURE_ALGORITHM } from '../audit/signing.js';
import { type ChainPosition, parseStatement, positionsOf } from '../audit/statement.js';
import type { ChainRow } from '../repositories/audit-chain-repository.js';
import type { CheckpointRepository } from '../repositories/checkpoint-repository.js';
import type { BrokenLink, ChainCheck, ChainCheckRun } from './audit-verifier.js';
import type { LogKeys } from './log-keys.js';

export type { ChainPosition };

export interface PublicKeyView {
  algorithm: typeof SIGNATURE_ALGORITHM;
  publicKeyId: string;
  publicKeyPem: string;
}

export class CheckpointService {
  constructor(
    private readonly checkpoints: CheckpointRepository,
    private readonly keys: LogKeys,
  ) {}

  /** The current signing key (GET /v1/audit/public-key; the history: GET /v1/audit/keys). */
  publicKey(): PublicKeyView {
    const current = this.keys.history(this.keys.origin('-')).find((k) => k.status === 'current')!;
    return {
      algorithm: SIGNATURE_ALGORITHM,
      publicKeyId: current.publicKeyId,
      publicKeyPem: current.publicKeyPem,
    };
  }

  /** The verification hook: every stored format-1 statement against the recomputed chain. */
  chainCheck(): ChainCheck {
    return { name: 'signed_checkpoints', start: (tenantId) => this.startCheck(tenantId) };
  }

  private async startCheck(tenantId: string): Promise<ChainCheckRun> {
    const rows = await this.checkpoints.listByTenant(tenantId);
    // Problems with a checkpoint itself. A malformed statement names no position that can be
    // trusted, so it is reported at entry 1: never as "no failure", never at a position it claims.
    const own: BrokenLink[] = [];
    const expected = new Map<number, Array<{ hash: string; label: string }>>();
    for (const row of rows) {
      const label = `the ${row.kind} checkpoint signed at ${row.signedAt.toISOString()}`;
      const verifier = this.keys.legacyVerifier(row.publicKeyId);
      const statement = parseStatement(row.statement);
      const at = (sequence: number) => (reason: string) =>
        own.push({ sequence, reason: `${label} ${reason}` });
      if (!verifier) {
        at(1)(`was signed with a key that is not in the published key history (key id ${row.publicKeyId})`);
      } else if (!verifier.verify(row.statement, row.signature)) {
        at(1)('has a signature that does not verify under the key it names: it was altered or forged');
      } else if (!statement) {
        at(1)('is not a well-formed checkpoint statement');
      } else if (statement.publicKeyId !== row.publicKeyId || statement.kind !== row.kind) {
        at(1)('says another key or kind than it is stored with');
      } else if (statement.tenantId !== tenantId) {
        at(1)("is not a checkpoint of this organisation's chain");
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
