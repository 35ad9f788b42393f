/**
 * This service as a witness for other logs (c2sp.org/tlog-witness): e.g. a Veiligheidshuis
 * instance for its partners, or two organisations' instances for each other. It cosigns
 * (c2sp.org/tlog-cosignature, cosignature/v1) a checkpoint only if it is signed by a configured log
 * key and consistent with the latest one it cosigned for that origin, and keeps only that latest
 * size, root and checkpoint per log (witness_logs), checked and updated atomically.
 *
 * Answers, with the specification's status codes (§add-checkpoint): 200 cosignature lines; 400 a
 * malformed request or an old size above the checkpoint's; 403 no valid signature of a known key
 * (or a known key's signature fails); 404 unknown origin; 409 old size is not the latest cosigned
 * size (body: that size, text/x.tlog.size); 422 the consistency proof fails, a proof from 0 is not
 * empty, an empty tree has a wrong root, or a same-size checkpoint has another root (a fork).
 */
import { createHash, type KeyObject } from 'node:crypto';
import { MalformedCheckpointError, parseCheckpoint } from '../audit/checkpoint.js';
import { cosignatureSigner } from '../audit/cosignature.js';
import { EMPTY_ROOT, verifyConsistency } from '../audit/merkle.js';
import {
  formatVerifierKey,
  InvalidSignatureError,
  MalformedNoteError,
  type NoteVerifier,
  noteVerifierFromVkey,
  openNote,
  rawEd25519PublicKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  signNote,
  splitNote,
  UnverifiedNoteError,
} from '../audit/note.js';
import {
  MalformedRequestError,
  parseAddCheckpoint,
  TLOG_SIZE_CONTENT_TYPE,
} from '../audit/witness-protocol.js';
import type { TreeRepository } from '../repositories/tree-repository.js';

export interface WitnessAnswer {
  status: 200 | 400 | 403 | 404 | 409 | 422;
  body: string;
  contentType: string;
  /** What happened, for the log (never the request body). */
  outcome: string;
}

const text = (status: WitnessAnswer['status'], outcome: string, body = `${outcome}\n`): WitnessAnswer => ({
  status,
  body,
  contentType: 'text/plain; charset=utf-8',
  outcome,
});

const equal = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

export class WitnessService {
  private readonly logs = new Map<string, NoteVerifier[]>();
  readonly vkey: string;

  constructor(
    private readonly trees: TreeRepository,
    private readonly options: { name: string; key: KeyObject; logs: string[]; now?: () => number },
  ) {
    for (const vkey of options.logs) {
      const verifier = noteVerifierFromVkey(vkey);
      this.logs.set(verifier.name, [...(this.logs.get(verifier.name) ?? []), verifier]);
    }
    this.vkey = formatVerifierKey(
      options.name,
      SIGNATURE_TYPE_COSIGNATURE_V1,
      rawEd25519PublicKey(options.key),
    );
  }

  get name(): string {
    return this.options.name;
  }

  async addCheckpoint(body: string): Promise<WitnessAnswer> {
    let request: ReturnType<typeof parseAddCheckpoint>;
    let checkpoint: ReturnType<typeof parseCheckpoint>;
    try {
      request = parseAddCheckpoint(body);
      checkpoint = parseCheckpoint(splitNote(request.checkpoint).text);
    } catch (error) {
      if (
        error instanceof MalformedRequestError ||
        error instanceof MalformedNoteError ||
        error instanceof MalformedCheckpointError
      ) {
        return text(400, 'malformed request');
      }
      throw error;
    }
    const verifiers = this.logs.get(checkpoint.origin);
    if (!verifiers) return text(404, 'unknown log origin');
    try {
      openNote(request.checkpoint, verifiers);
    } catch (error) {
      if (error instanceof UnverifiedNoteError || error instanceof InvalidSignatureError) {
        return text(403, 'the checkpoint is not signed by a known key of the log');
      }
      if (error instanceof MalformedNoteError) return text(400, 'malformed checkpoint note');
      throw error;
    }
    if (request.oldSize > checkpoint.treeSize) return text(400, 'the old size exceeds the checkpoint size');
    if (checkpoint.treeSize === 0 && !equal(checkpoint.rootHash, EMPTY_ROOT)) {
      return text(422, 'an empty tree with another root than the empty hash');
    }
    const signer = cosignatureSigner(this.options.name, this.options.key, this.options.now);
    return this.trees.witnessUpdate(checkpoint.origin, async (current) => {
      const latest = current?.treeSize ?? 0;
      if (request.oldSize !== latest) {
        return {
          store: null,
          result: {
            status: 409,
            body: `${latest}\n`,
            contentType: TLOG_SIZE_CONTENT_TYPE,
            outcome: 'old size is not the latest cosigned size',
          } as WitnessAnswer,
        };
      }
      if (request.oldSize === 0) {
        if (request.proof.length > 0)
          return { store: null, result: text(422, 'a proof from the empty tree must be empty') };
      } else if (request.oldSize === checkpoint.treeSize) {
        if (!current || !equal(current.rootHash, checkpoint.rootHash) || request.proof.length > 0) {
          return { store: null, result: text(422, 'the same size with another root: the log forked') };
        }
      } else if (
        !current ||
        !verifyConsistency(
          request.oldSize,
          checkpoint.treeSize,
          current.rootHash,
          checkpoint.rootHash,
          request.proof,
        )
      ) {
        return {
          store: null,
          result: text(422, 'the consistency proof does not verify: the log was rewritten or forked'),
        };
      }
      const cosigned = signNote(splitNote(request.checkpoint).text, [signer]);
      const line = cosigned.slice(cosigned.lastIndexOf('\n\n') + 2);
      return {
        store: {
          origin: checkpoint.origin,
          treeSize: checkpoint.treeSize,
          rootHash: checkpoint.rootHash,
          checkpoint: request.checkpoint + line,
          updatedAt: new Date(),
        },
        result: {
          status: 200,
          body: line,
          contentType: 'text/plain; charset=utf-8',
          outcome: 'cosigned',
        } as WitnessAnswer,
      };
    });
  }

  /** §Monitor Retrieval Mechanism: the latest cosigned checkpoint of the log whose origin hashes to this. */
  async latest(originHash: string): Promise<string | null> {
    for (const origin of this.logs.keys()) {
      if (createHash('sha256').update(origin, 'utf8').digest('hex') === originHash) {
        return (await this.trees.witnessedLog(origin))?.checkpoint ?? null;
      }
    }
    return null;
  }
}
