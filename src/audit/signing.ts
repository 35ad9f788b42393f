/**
 * The service's signing key: Ed25519 (RFC 8032) through node:crypto. It signs checkpoints, i.e.
 * statements naming positions of a tenant's chain and their hashes (see services/checkpoints.ts).
 * A third party verifies them with the public key alone (scripts/verify-export.mjs).
 *
 *   signature   = Ed25519-sign(private key, UTF-8 bytes of the statement text), base64
 *   publicKeyId = first 16 hex characters of SHA-256 over the public key's SPKI DER encoding
 *
 * The private key is never logged or returned; only the PEM of the public key leaves this module.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';

export const SIGNATURE_ALGORITHM = 'Ed25519';

/** Environment variables cannot always hold newlines: `\n` escapes are accepted in their place. */
const unescapePem = (pem: string) => (pem.includes('\\n') ? pem.replaceAll('\\n', '\n') : pem);

function privateKeyFrom(pem: string): KeyObject {
  const key = createPrivateKey({ key: unescapePem(pem), format: 'pem' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key;
}

export function isEd25519PrivateKeyPem(pem: string): boolean {
  try {
    privateKeyFrom(pem);
    return true;
  } catch {
    return false;
  }
}

/** A fresh private key as PEM (PKCS#8): for development and tests, never for production. */
export function generateSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function publicKeyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** Verifies with a public key alone (no private key needed). */
export class SignatureVerifier {
  readonly publicKeyPem: string;
  readonly publicKeyId: string;

  constructor(protected readonly publicKey: KeyObject) {
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.publicKeyId = publicKeyIdOf(publicKey);
  }

  static fromPublicKeyPem(pem: string): SignatureVerifier {
    return new SignatureVerifier(createPublicKey(pem));
  }

  verify(text: string, signatureBase64: string): boolean {
    try {
      return verify(null, Buffer.from(text, 'utf8'), this.publicKey, Buffer.from(signatureBase64, 'base64'));
    } catch {
      return false;
    }
  }
}

export class Signer extends SignatureVerifier {
  readonly #privateKey: KeyObject;

  constructor(privateKeyPem: string) {
    const privateKey = privateKeyFrom(privateKeyPem);
    super(createPublicKey(privateKey));
    this.#privateKey = privateKey;
  }

  sign(text: string): string {
    return sign(null, Buffer.from(text, 'utf8'), this.#privateKey).toString('base64');
  }

  /** Keeps the key out of logs and JSON even when the object is printed by mistake. */
  toJSON(): { publicKeyId: string } {
    return { publicKeyId: this.publicKeyId };
  }
}
