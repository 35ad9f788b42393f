/**
 * The wire formats of c2sp.org/tlog-witness (add-checkpoint) and c2sp.org/tlog-proof. Text only:
 * the HTTP exchange and the witness's state live in services/witness*.ts. Depends on node:crypto
 * only (through merkle.ts).
 *
 * add-checkpoint request body (§add-checkpoint):
 *
 *   old <size>\n                    the size the witness last cosigned (0 the first time)
 *   <base64 hash>\n  × 0…63         the consistency proof from that size (RFC 9162 §2.1.4)
 *   \n
 *   <the checkpoint as a signed note>
 *
 * Status codes the witness answers with (§add-checkpoint): 200 with cosignature lines; 400 old size
 * above the checkpoint's; 403 no (valid) signature of a known key; 404 unknown origin; 409 the old
 * size is not the witness's (body: its size, `text/x.tlog.size`); 422 the proof does not verify, a
 * non-empty proof from 0, an empty tree with a wrong root, or a same-size checkpoint with another
 * root.
 *
 * tlog-proof (§Format):
 *
 *   c2sp.org/tlog-proof@v1\n
 *   [extra <base64>\n]
 *   index <leaf index>\n
 *   <base64 hash>\n  × proof length  the inclusion proof, leaf's sibling first
 *   \n
 *   <the checkpoint as a signed note, cosignatures included>
 */
import { formatHash, type Hash, parseHash } from './merkle.js';

export const MAX_PROOF_LINES = 63;
export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';
export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

/** A request body or proof text that does not follow its format: the input's fault. */
export class MalformedRequestError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MalformedRequestError';
  }
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function decimal(text: string, what: string): number {
  if (!DECIMAL.test(text) || !Number.isSafeInteger(Number(text)))
    throw new MalformedRequestError(`malformed ${what}`);
  return Number(text);
}

export interface AddCheckpointRequest {
  oldSize: number;
  proof: Hash[];
  /** The checkpoint as a signed note. */
  checkpoint: string;
}

/** §add-checkpoint: the request body. */
export function formatAddCheckpoint(request: AddCheckpointRequest): string {
  if (request.proof.length > MAX_PROOF_LINES) throw new MalformedRequestError('too many proof lines');
  return `old ${request.oldSize}\n${request.proof.map((h) => `${formatHash(h)}\n`).join('')}\n${request.checkpoint}`;
}

/** §add-checkpoint: the request body back to its parts (the note itself is checked by openNote). */
export function parseAddCheckpoint(body: string): AddCheckpointRequest {
  const blank = body.indexOf('\n\n');
  if (blank < 0) throw new MalformedRequestError('no blank line before the checkpoint');
  const head = body.slice(0, blank).split('\n');
  const [oldLine, ...proofLines] = head as [string, ...string[]];
  if (!oldLine.startsWith('old ')) throw new MalformedRequestError('the first line is not an old size line');
  const oldSize = decimal(oldLine.slice(4), 'old size');
  if (proofLines.length > MAX_PROOF_LINES) throw new MalformedRequestError('too many proof lines');
  const proof = proofLines.map((line) => {
    const hash = parseHash(line);
    if (!hash) throw new MalformedRequestError('malformed proof line');
    return hash;
  });
  return { oldSize, proof, checkpoint: body.slice(blank + 2) };
}

/** §add-checkpoint 409: the witness's size. */
export function parseTlogSize(body: string): number {
  if (!body.endsWith('\n')) throw new MalformedRequestError('malformed size');
  return decimal(body.slice(0, -1), 'size');
}

export interface TlogProof {
  extra?: Uint8Array;
  index: number;
  proof: Hash[];
  /** The checkpoint as a signed note, cosignatures included. */
  checkpoint: string;
}

/** c2sp.org/tlog-proof §Format. */
export function formatTlogProof(proof: TlogProof): string {
  const extra = proof.extra ? `extra ${Buffer.from(proof.extra).toString('base64')}\n` : '';
  return (
    `${TLOG_PROOF_HEADER}\n${extra}index ${proof.index}\n` +
    `${proof.proof.map((h) => `${formatHash(h)}\n`).join('')}\n${proof.checkpoint}`
  );
}

/** c2sp.org/tlog-proof §Format, back to its parts (the checkpoint is opened separately). */
export function parseTlogProof(text: string): TlogProof {
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw new MalformedRequestError('no blank line before the checkpoint');
  const lines = text.slice(0, blank).split('\n');
  if (lines.shift() !== TLOG_PROOF_HEADER) throw new MalformedRequestError('not a c2sp.org/tlog-proof@v1');
  let extra: Uint8Array | undefined;
  if (lines[0]?.startsWith('extra ')) {
    const encoded = lines.shift()!.slice(6);
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.toString('base64') !== encoded) throw new MalformedRequestError('malformed extra line');
    extra = new Uint8Array(bytes);
  }
  const indexLine = lines.shift();
  if (!indexLine?.startsWith('index ')) throw new MalformedRequestError('no index line');
  const index = decimal(indexLine.slice(6), 'index');
  const proof = lines.map((line) => {
    const hash = parseHash(line);
    if (!hash) throw new MalformedRequestError('malformed proof line');
    return hash;
  });
  return { ...(extra ? { extra } : {}), index, proof, checkpoint: text.slice(blank + 2) };
}
