/**
 * The log's signing keys over time. A dossier must verify years after it was made, so keys rotate
 * without breaking old proofs:
 *
 * - the current key (SIGNING_KEY) signs every checkpoint;
 * - during a rotation the next key (SIGNING_KEY_NEXT) signs too: every checkpoint of that period
 *   carries both signatures, which links the two keys publicly (witnesses cosign those notes);
 * - retired keys (SIGNING_KEY_HISTORY) sign nothing any more but stay in the published history
 *   with their validity period, so verifiers accept what they signed while they were valid.
 *
 * Key names are the log's origin (c2sp.org/tlog-checkpoint §Signatures), so each organisation's
 * log has its own vkey for the same Ed25519 key.
 */
import { createHash, type KeyObject } from 'node:crypto';
import {
  ed25519NoteSigner,
  ed25519NoteVerifier,
  ed25519PublicKey,
  formatVerifierKey,
  hex8,
  keyId,
  type NoteSigner,
  type NoteVerifier,
  rawEd25519PublicKey,
  SIGNATURE_TYPE_ED25519,
} from '../audit/note.js';
import { SignatureVerifier } from '../audit/signing.js';
import type { RetiredKey } from '../config/transparency.js';

export interface LogKeyView {
  status: 'current' | 'next' | 'retired';
  /** c2sp.org/signed-note verifier key of this log (name = origin). */
  vkey: string;
  /** The note key ID (hex), as signature lines carry it. */
  keyId: string;
  /** The id format-1 statements named (first 16 hex of SHA-256 of the SPKI DER). */
  publicKeyId: string;
  publicKeyPem: string;
  validFrom: string | null;
  validUntil: string | null;
}

interface Key {
  status: LogKeyView['status'];
  publicKey: Uint8Array;
  validFrom: Date | null;
  validUntil: Date | null;
  privateKey?: KeyObject;
}

export class LogKeys {
  private readonly keys: Key[];

  constructor(options: {
    originPrefix: string;
    current: KeyObject;
    currentValidFrom?: Date | null;
    next?: { key: KeyObject; validFrom: Date };
    retired?: RetiredKey[];
  }) {
    this.originPrefix = options.originPrefix;
    this.keys = [
      {
        status: 'current',
        publicKey: rawEd25519PublicKey(options.current),
        validFrom: options.currentValidFrom ?? null,
        validUntil: null,
        privateKey: options.current,
      },
      ...(options.next
        ? [
            {
              status: 'next' as const,
              publicKey: rawEd25519PublicKey(options.next.key),
              validFrom: options.next.validFrom,
              validUntil: null,
              privateKey: options.next.key,
            },
          ]
        : []),
      ...(options.retired ?? []).map((r) => ({
        status: 'retired' as const,
        publicKey: r.publicKey,
        validFrom: r.validFrom,
        validUntil: r.validUntil,
      })),
    ];
  }

  readonly originPrefix: string;

  /** c2sp.org/tlog-checkpoint origin of an organisation's log. */
  origin(tenantId: string): string {
    return `${this.originPrefix}/${tenantId}`;
  }

  /** The keys that sign now: the current one, and the next one during a rotation. */
  signers(origin: string): NoteSigner[] {
    return this.keys.filter((k) => k.privateKey).map((k) => ed25519NoteSigner(origin, k.privateKey!));
  }

  /** Every key of the history, each as a note verifier for this origin. */
  verifiers(origin: string): NoteVerifier[] {
    return this.keys.map((k) => ed25519NoteVerifier(origin, k.publicKey));
  }

  /** Whether the key with this note key ID was valid at `time` (true when the time is unknown). */
  validAt(origin: string, noteKeyId: number, time: Date | null): boolean {
    const key = this.keys.find((k) => keyId(origin, SIGNATURE_TYPE_ED25519, k.publicKey) === noteKeyId);
    if (!key) return false;
    if (!time) return true;
    return (!key.validFrom || key.validFrom <= time) && (!key.validUntil || time <= key.validUntil);
  }

  /** The published history (GET /v1/audit/keys). */
  history(origin: string): LogKeyView[] {
    return this.keys.map((k) => {
      const pem = ed25519PublicKey(k.publicKey).export({ type: 'spki', format: 'pem' }).toString();
      return {
        status: k.status,
        vkey: formatVerifierKey(origin, SIGNATURE_TYPE_ED25519, k.publicKey),
        keyId: hex8(keyId(origin, SIGNATURE_TYPE_ED25519, k.publicKey)),
        publicKeyId: legacyKeyId(k.publicKey),
        publicKeyPem: pem,
        validFrom: k.validFrom?.toISOString() ?? null,
        validUntil: k.validUntil?.toISOString() ?? null,
      };
    });
  }

  /** The key a format-1 statement names by its publicKeyId, if it is in the history. */
  legacyVerifier(publicKeyId: string): SignatureVerifier | null {
    const key = this.keys.find((k) => legacyKeyId(k.publicKey) === publicKeyId);
    return key ? new SignatureVerifier(ed25519PublicKey(key.publicKey)) : null;
  }
}

function legacyKeyId(publicKey: Uint8Array): string {
  const der = ed25519PublicKey(publicKey).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}
