/**
 * The service's Ed25519 signing key (src/audit/signing.ts) against the test vectors of RFC 8032
 * §7.1 (TEST 1 and TEST 2): Ed25519 signatures are deterministic, so the signature of a known key
 * over a known message is known. The key ID is checked against a SPKI encoding written out by hand
 * from RFC 8410 §4, not produced by node:crypto.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateSigningKeyPem,
  isEd25519PrivateKeyPem,
  publicKeyIdOf,
  SIGNATURE_ALGORITHM,
  SignatureVerifier,
  Signer,
} from '../../src/audit/signing.js';

/** RFC 8410 §7: a PKCS#8 Ed25519 private key is this prefix and the 32-byte seed. */
const pkcs8Pem = (seedHex: string) =>
  `-----BEGIN PRIVATE KEY-----\n${Buffer.from(`302e020100300506032b657004220420${seedHex}`, 'hex').toString('base64')}\n-----END PRIVATE KEY-----\n`;
/** RFC 8410 §4: SubjectPublicKeyInfo of an Ed25519 key. */
const spkiDer = (publicHex: string) => Buffer.from(`302a300506032b6570032100${publicHex}`, 'hex');

const VECTORS = [
  {
    name: 'RFC 8032 §7.1 TEST 1 (empty message)',
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'RFC 8032 §7.1 TEST 2 (message 0x72)',
    secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: 'r',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
];

describe('the signing key (Ed25519)', () => {
  it.each(VECTORS)('$name: the known signature, key and key ID', (v) => {
    const signer = new Signer(pkcs8Pem(v.secret));
    const signature = signer.sign(v.message);
    expect(Buffer.from(signature, 'base64').toString('hex')).toBe(v.signature);
    expect(signer.verify(v.message, signature)).toBe(true);
    const der = spkiDer(v.public);
    expect(signer.publicKeyId).toBe(createHash('sha256').update(der).digest('hex').slice(0, 16));
    expect(signer.publicKeyPem).toBe(
      `-----BEGIN PUBLIC KEY-----\n${der.toString('base64')}\n-----END PUBLIC KEY-----\n`,
    );
    expect(SIGNATURE_ALGORITHM).toBe('Ed25519');
  });

  it('verifies with the public key alone, and only the text that was signed', () => {
    const signer = new Signer(generateSigningKeyPem());
    const verifier = SignatureVerifier.fromPublicKeyPem(signer.publicKeyPem);
    expect(verifier.publicKeyId).toBe(signer.publicKeyId);
    const text = 'tenant t\nsequence 7\nhash ab\n';
    const signature = signer.sign(text);
    expect(verifier.verify(text, signature)).toBe(true);
    expect(verifier.verify(`${text} `, signature)).toBe(false);
    // UTF-8, not Latin-1: a text with a character outside Latin-1 verifies only as itself.
    const dutch = 'cliënt — één';
    expect(verifier.verify(dutch, signer.sign(dutch))).toBe(true);
    expect(verifier.verify('cliënt — één'.normalize('NFD'), signer.sign(dutch))).toBe(false);
    // A signature that is not even 64 bytes is a failed verification, not an exception.
    expect(verifier.verify(text, 'AAAA')).toBe(false);
    expect(new SignatureVerifier(generateKeyPairSync('ed25519').publicKey).verify(text, signature)).toBe(
      false,
    );
  });

  it('reads a PEM whose newlines were written as \\n in an environment variable', () => {
    const pem = pkcs8Pem(VECTORS[0]!.secret);
    const escaped = pem.replaceAll('\n', '\\n');
    expect(isEd25519PrivateKeyPem(escaped)).toBe(true);
    expect(new Signer(escaped).publicKeyId).toBe(new Signer(pem).publicKeyId);
  });

  it('accepts only an Ed25519 private key', () => {
    expect(isEd25519PrivateKeyPem(generateSigningKeyPem())).toBe(true);
    expect(generateSigningKeyPem()).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(isEd25519PrivateKeyPem(ec)).toBe(false);
    expect(() => new Signer(ec)).toThrow('not an Ed25519 key');
    expect(isEd25519PrivateKeyPem('not a key')).toBe(false);
  });

  it('keeps the private key out of JSON', () => {
    const signer = new Signer(pkcs8Pem(VECTORS[0]!.secret));
    expect(JSON.parse(JSON.stringify(signer))).toEqual({ publicKeyId: signer.publicKeyId });
    expect(publicKeyIdOf(generateKeyPairSync('ed25519').publicKey)).toMatch(/^[0-9a-f]{16}$/);
  });
});
