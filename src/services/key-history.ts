/**
 * The key history an organisation's log publishes (GET /v1/audit/keys): its signing keys with their
 * validity, the witnesses whose cosignatures its dossiers carry, the threshold, and the trusted TSA
 * certificate. scripts/verify-export.mjs reads exactly this document as its keys file.
 */
import type { LogKeyView } from './log-keys.js';
import type { TransparencyLog } from './transparency.js';

export interface LogKeyHistoryView {
  origin: string;
  keys: LogKeyView[];
  witnesses: Array<{ name: string; vkey: string; url: string }>;
  cosignatureThreshold: number;
  tsaCertificatePem: string | null;
}

export function keyHistoryOf(log: TransparencyLog, tsaCertificatePem: string | null) {
  return (tenantId: string): LogKeyHistoryView => {
    const origin = log.origin(tenantId);
    return {
      origin,
      keys: log.keys.history(origin),
      witnesses: log.witnesses().map(({ name, vkey, url }) => ({ name, vkey, url })),
      cosignatureThreshold: log.threshold,
      tsaCertificatePem,
    };
  };
}
