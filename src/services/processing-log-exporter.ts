/**
 * Optional copy of the LDV processing log to an OpenTelemetry collector, over OTLP/HTTP with the
 * JSON encoding (OTLP specification, "OTLP/HTTP"). Off unless LDV_OTLP_TRACES_ENDPOINT is set.
 *
 * The database stays the log of record: a record is written (and acknowledged) there with the
 * processing, and this exporter follows it afterwards from a cursor (ProcessingLogOutbox), so a
 * collector that is down or slow never fails or delays a processing, and nothing is lost while it
 * is away: the cursor moves only past batches the collector accepted. Delivery is at least once (a
 * batch accepted just before a crash is sent again); span ids identify duplicates.
 *
 * Responses, as the specification says: 200 is success (a partial success is not retried);
 * 429, 502, 503 and 504 and network failures are retried with exponential backoff and jitter,
 * honouring Retry-After; 400 means the batch is bad data and is not retried (it is skipped and
 * logged: the records stay in the database). Any other status is a configuration problem (an
 * unknown path, a refused credential): the batch is kept and retried at the longest backoff.
 */
import type { Logger } from 'pino';
import { encodeTraces } from '../ldv/otlp.js';
import type { ProcessingLogOutbox, StoredLdvRecord } from '../repositories/processing-log-repository.js';
import { SERVICE_VERSION } from '../version.js';

export interface OtlpExportOptions {
  /** The full URL of the collector's traces endpoint, usually ending in /v1/traces. */
  endpoint: string;
  headers: Record<string, string>;
  timeoutMs: number;
  intervalMs: number;
  batchSize: number;
  /** Longest wait between retries. */
  maxBackoffMs?: number;
}

/** The collector's answer is read up to this size (OTLP: the client must limit it; 4 MiB recommended). */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const RETRYABLE = new Set([429, 502, 503, 504]);
export const SCOPE = { name: 'beroepsgeheim-service/ldv', version: SERVICE_VERSION };

export class OtlpExportError extends Error {
  constructor(
    readonly status: number | null,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null,
  ) {
    super(status === null ? 'the collector could not be reached' : `the collector answered ${status}`);
    this.name = 'OtlpExportError';
  }
}

export class ProcessingLogExporter {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly outbox: Pick<ProcessingLogOutbox, 'exportBatch'>,
    private readonly options: OtlpExportOptions,
    private readonly logger?: Logger,
  ) {}

  start(): { stop(): Promise<void> } {
    this.schedule(0);
    return {
      stop: async () => {
        this.stopped = true;
        clearTimeout(this.timer);
        await this.running;
      },
    };
  }

  /**
   * Sends batches until the log is exported or the collector fails; resolves to the number of
   * records sent. Throws the collector's failure (after moving past a batch of bad data).
   */
  async exportPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.outbox.exportBatch(this.options.batchSize, async (records) => {
        try {
          await this.send(records);
        } catch (error) {
          // Bad data is permanent: sending it again cannot succeed. Move past exactly this batch.
          if (!(error instanceof OtlpExportError && error.status === 400)) throw error;
          this.logger?.error(
            { status: 400, records: records.length },
            'the collector refused an LDV batch as bad data; skipped (the records stay in the database)',
          );
        }
      });
      total += sent;
      if (sent < this.options.batchSize) return total;
    }
  }

  /** POSTs one batch; resolves when the collector accepted it. */
  async send(records: StoredLdvRecord[]): Promise<void> {
    const body = JSON.stringify(encodeTraces(records, SCOPE));
    let response: Response;
    try {
      response = await fetch(this.options.endpoint, {
        method: 'POST',
        headers: { ...this.options.headers, 'Content-Type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch {
      throw new OtlpExportError(null, true, null);
    }
    const text = await readLimited(response);
    if (response.status === 200) {
      const rejected = rejectedSpans(text);
      if (rejected > 0) {
        this.logger?.warn({ records: rejected }, 'the collector accepted an LDV batch only in part');
      }
      return;
    }
    throw new OtlpExportError(
      response.status,
      RETRYABLE.has(response.status),
      retryAfterMs(response.headers.get('retry-after')),
    );
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.exportPending();
      this.failures = 0;
      this.schedule(this.options.intervalMs);
    } catch (error) {
      this.failures += 1;
      const max = this.options.maxBackoffMs ?? 300_000;
      const backoff = Math.min(max, this.options.intervalMs * 2 ** Math.min(this.failures, 20));
      const wait =
        error instanceof OtlpExportError && !error.retryable
          ? max
          : Math.min(max, (error as OtlpExportError).retryAfterMs ?? backoff * (0.5 + Math.random() / 2));
      const status = error instanceof OtlpExportError ? error.status : null;
      this.logger?.warn(
        { status, retryInMs: Math.round(wait), err: error },
        'exporting the LDV processing log failed; retrying',
      );
      this.schedule(wait);
    }
  }
}

async function readLimited(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new OtlpExportError(response.status, false, null);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** ExportTraceServiceResponse.partialSuccess.rejectedSpans (an int64: a string in JSON). */
function rejectedSpans(text: string): number {
  try {
    const parsed = JSON.parse(text) as { partialSuccess?: { rejectedSpans?: string | number } };
    return Number(parsed.partialSuccess?.rejectedSpans ?? 0) || 0;
  } catch {
    return 0;
  }
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterMs(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
