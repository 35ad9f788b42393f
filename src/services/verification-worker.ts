/**
 * A worker thread of a parallel chain verification (see parallel-verification.ts). It holds its
 * own database connection, reads the ranges of the chain it is asked for by binary COPY, and does
 * the work that grows with the bytes of the chain: every entry's hash recomputed over its stored
 * content, every link inside the range (each entry names the stored hash of the one before it),
 * the sequence numbers without gaps, the envelope's head. It sends back what the coordinating
 * thread needs for the checks that read other tables (index rows, keys, checkpoints) in chain
 * order: per entry its columns, its hash and the end of its content from where the envelope's
 * fields begin, and whole contents only of the entry types the coordinator names.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { chainHash, ENVELOPE_HEAD } from '../audit/chain.js';
import { leafHash } from '../audit/merkle.js';
import { ChainRangeSource } from '../repositories/audit-chain-repository.js';
import type { RangeRequest, RangeResult, WorkerSetup } from './parallel-verification.js';

const setup = workerData as WorkerSetup;
const source = new ChainRangeSource(setup.url);
const head = Buffer.from(ENVELOPE_HEAD, 'utf8');
const TAIL_START = Buffer.from(',"entityId":"', 'utf8');
const port = parentPort!;

async function verifyRange(request: RangeRequest): Promise<RangeResult> {
  const rows = await source.read(request.tenantId, request.after, request.through);
  const withContent = new Set(request.contentOf);
  const result: RangeResult = {
    id: request.id,
    count: 0,
    firstPreviousHash: rows[0]?.previousHash ?? null,
    entryTypes: [],
    entityIds: [],
    recordedAt: new Float64Array(rows.length),
    hashes: '',
    suffixes: new Uint8Array(0),
    suffixEnds: new Uint32Array(rows.length),
    lengths: new Uint32Array(rows.length),
    headOk: new Uint8Array(rows.length),
    contents: [],
    leafHashes: request.leafHashes ? new Uint8Array(new ArrayBuffer(32 * rows.length)) : null,
    problem: null,
  };
  const hashes: string[] = [];
  const suffixes: Buffer[] = [];
  let suffixBytes = 0;
  let expected = request.after + 1;
  let previousHash: string | null = null;
  for (const row of rows) {
    if (row.sequence !== expected) {
      result.problem = { sequence: expected, kind: 'gap', found: row.sequence };
      break;
    }
    if (previousHash !== null && row.previousHash !== previousHash) {
      result.problem = { sequence: expected, kind: 'link' };
      break;
    }
    if (chainHash(row.previousHash, row.bytes) !== row.hash) {
      result.problem = { sequence: expected, kind: 'hash' };
      break;
    }
    const i = result.count;
    result.entryTypes.push(row.entryType);
    result.entityIds.push(row.entityId);
    result.recordedAt[i] = row.recordedAt.getTime();
    hashes.push(row.hash);
    const bytes = row.bytes;
    result.lengths[i] = bytes.length;
    result.headOk[i] =
      bytes.length >= head.length && bytes.compare(head, 0, head.length, 0, head.length) === 0 ? 1 : 0;
    // The envelope's fields after `data` begin with its entityId member (canonical JSON sorts
    // members), and those bytes, with unescaped quotes, cannot occur inside a JSON string, only as
    // a member name: their last occurrence begins the tail the coordinator compares (`data` comes
    // before it). Should an index carry a member of that name, the coordinator sees a suffix
    // shorter than the tail it expects and reads the whole entry instead.
    const at = bytes.lastIndexOf(TAIL_START);
    const suffix = at >= 0 ? bytes.subarray(at) : bytes.subarray(Math.max(0, bytes.length - 4096));
    suffixes.push(suffix);
    suffixBytes += suffix.length;
    result.suffixEnds[i] = suffixBytes;
    if (withContent.has(row.entryType)) result.contents.push([i, row.content]);
    result.leafHashes?.set(leafHash(bytes), i * 32);
    previousHash = row.hash;
    expected += 1;
    result.count += 1;
  }
  if (!result.problem && expected <= request.through) {
    // Fewer entries than the range holds: a gap at its end (the coordinator finds what follows).
    result.problem = { sequence: expected, kind: 'gap', found: null };
  }
  result.hashes = hashes.join('');
  // Copied once into memory of its own, which is handed over to the coordinator without a copy.
  const joined = new Uint8Array(new ArrayBuffer(suffixBytes));
  let offset = 0;
  for (const suffix of suffixes) {
    joined.set(suffix, offset);
    offset += suffix.length;
  }
  result.suffixes = joined;
  return result;
}

port.on('message', (message: RangeRequest | { close: true }) => {
  if ('close' in message) {
    void source.close().finally(() => port.close());
    return;
  }
  verifyRange(message).then(
    (result) =>
      port.postMessage(result, [
        result.recordedAt.buffer,
        result.suffixes.buffer,
        result.suffixEnds.buffer,
        result.lengths.buffer,
        result.headOk.buffer,
        ...(result.leafHashes ? [result.leafHashes.buffer] : []),
      ] as ArrayBuffer[]),
    (error: unknown) =>
      port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
