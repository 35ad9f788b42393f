#!/usr/bin/env node
/**
 * Verifies an exported tuchtrecht dossier offline: without the service, its database or any other
 * file of this project. Copy this file alone and run it with Node 20 or later:
 *
 *   node verify-export.mjs <dossier.json|dossier.pdf> <keys> [options] [<earlier-dossier-or-checkpoint> ...]
 *
 * A PDF dossier (format 3 on) carries its JSON dossier as an embedded, associated file: given the
 * PDF, the script extracts that file (checking its MD5 checksum where the PDF states one) and
 * verifies it. The PDF's pages are a rendering of that JSON; they are not checked themselves.
 *
 * <keys> is the organisation's published key history (the JSON of GET /v1/audit/keys), a log key
 * in the signed-note vkey form, or the service's public key as PEM (the key is then taken as valid
 * at any time). Options:
 *   --witness <vkey>           a witness's cosignature key (c2sp.org/tlog-cosignature); repeatable
 *   --threshold <n>            cosignatures required (default: the key history's, else 0)
 *   --tsa-cert <file.pem>      the trusted TSA certificate (or the CA that issued it)
 *   --consistency-proof <file> the consistency proof between this dossier's checkpoint and an
 *                              earlier one (base64 hashes, one per line, RFC 9162 §2.1.4)
 *   --service <url>            fetch that proof from the service (API key in PSS_API_KEY)
 *
 * What it checks (docs/verifying-a-dossier.md describes each step, to reimplement it elsewhere):
 *  1. every chain entry: content is canonical JSON (RFC 8785) of an envelope naming this
 *     organisation, sequence and entry type, and hash = SHA-256(previousHash + content);
 *  2. the readable record and events equal what the hashed contents hold; when the weighing used
 *     a registered consent, the consent's chain entries hash to what the record names and the
 *     consent shown equals their content;
 *  3. format 2 (transparency log): the checkpoint (c2sp.org/tlog-checkpoint) is signed by a log
 *     key valid at its time, every entry's leaf SHA-256(0x00 || content) is in the checkpoint's
 *     Merkle tree (RFC 9162 §2.1.3 inclusion proofs), enough witnesses cosigned it, the RFC 3161
 *     timestamp token is over it and signed by the TSA (with the ESS signing-certificate attribute
 *     naming the TSA's certificate), and the readable parts outside the chain
 *     (labels, organisation name, question texts, sources, exportedAt; from format 3 also the
 *     dossier's language and translation, the legal basis and the bibliography) are signed too, and
 *     a translation states the same facts as the record;
 *     format 1 (0.1): the signed export statement names exactly these entries;
 *  4. against earlier dossiers or checkpoints: the same tree (format 2: a consistency proof,
 *     RFC 9162 §2.1.4, between the two checkpoints; format 1: no position with two hashes). A
 *     truncated or rewritten log fails here.
 * It then says plainly what the signatures cover and what they do not.
 *
 * Prints one line per check and a verdict; exits 0 when everything holds, 1 when not, 2 on usage.
 * Run as a module (import), it only exports its functions: the project's tests hold them to the
 * shared known answers in test/vectors/.
 */
import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';

const ENVELOPE_SCHEMA = 'beroepsgeheim.audit-entry/1';
const DOSSIER_V1 = 'beroepsgeheim.dossier/1';
const DOSSIER_V2 = 'beroepsgeheim.dossier/2';
const DOSSIER_V3 = 'beroepsgeheim.dossier/3';
const CHECKPOINT_SCHEMA = 'beroepsgeheim.checkpoint/1';
/** The presentation statement of format 2, and of format 3 (which covers more parts). */
const PRESENTATION_HEADER = 'beroepsgeheim.dossier-presentation/1';
const PRESENTATION_HEADER_V3 = 'beroepsgeheim.dossier-presentation/2';
// Fields the service adds around the engine's result in a record (everything else is the result).
const DETAIL_FIELDS = [
  'id',
  'recordedAt',
  'caseRef',
  'serviceVersion',
  'integrity',
  'request',
  'recordedBy',
  'resultDigest',
  'textsReproduced',
  'events',
  'consent',
];

// ---------------------------------------------------------------------------------------------
// Canonical JSON (RFC 8785) and hashes
// ---------------------------------------------------------------------------------------------

/** Canonical JSON (RFC 8785): members sorted by UTF-16 code units, no whitespace. */
export function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

const sha256 = (data) => createHash('sha256').update(data).digest();
/** The chain link: lowercase hex SHA-256 of the UTF-8 bytes of previousHash followed by content. */
export const chainHash = (previousHash, content) =>
  createHash('sha256').update(previousHash, 'utf8').update(content, 'utf8').digest('hex');
const same = (a, b) => canonical(a) === canonical(b);
const without = (object, keys) =>
  Object.fromEntries(Object.entries(object).filter(([k]) => !keys.includes(k)));
const _b64 = (bytes) => Buffer.from(bytes).toString('base64');
const equalBytes = (a, b) => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

// ---------------------------------------------------------------------------------------------
// RFC 9162 §2.1: Merkle tree hashes and proof verification
// ---------------------------------------------------------------------------------------------

/** §2.1.1: SHA-256(0x00 || data). */
export const leafHash = (data) => createHash('sha256').update(Uint8Array.of(0)).update(data).digest();
/** §2.1.1: SHA-256(0x01 || left || right). */
export const nodeHash = (left, right) =>
  createHash('sha256').update(Uint8Array.of(1)).update(left).update(right).digest();
const half = (x) => Math.floor(x / 2);
const odd = (x) => x % 2 === 1;
const isSize = (x) => Number.isSafeInteger(x) && x >= 0;

/** A base64 hash: exactly 32 bytes, canonical base64; null otherwise. */
export function parseHash(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 32 && bytes.toString('base64') === text ? bytes : null;
}

/** §2.1.3.2: verifies an inclusion proof of the leaf hash at index in a tree of size leaves. */
export function verifyInclusion(leaf, index, size, proof, root) {
  if (!isSize(index) || !isSize(size) || index >= size || leaf.length !== 32) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0 || p.length !== 32) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, root);
}

/** §2.1.4.2: verifies that the tree (size2, root2) extends the tree (size1, root1). */
export function verifyConsistency(size1, size2, root1, root2, proof) {
  if (!isSize(size1) || !isSize(size2) || size1 > size2 || root1.length !== 32 || root2.length !== 32)
    return false;
  if (size1 === size2) return proof.length === 0 && equalBytes(root1, root2);
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0 || proof.some((p) => p.length !== 32)) return false;
  let k = 1;
  while (k < size1) k *= 2;
  const path = k === size1 ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(fr, root1) && equalBytes(sr, root2);
}

// ---------------------------------------------------------------------------------------------
// c2sp.org/signed-note, tlog-checkpoint, tlog-cosignature
// ---------------------------------------------------------------------------------------------

const isKeyName = (name) => name.length > 0 && !/[\s+]/u.test(name);
/** c2sp.org/signed-note §Signatures: SHA-256(name || 0x0A || type || public key)[:4]. */
export const keyId = (name, type, publicKey) =>
  sha256(
    Buffer.concat([Buffer.from(name, 'utf8'), Buffer.of(0x0a, type), Buffer.from(publicKey)]),
  ).readUInt32BE(0);

function parseVkey(vkey) {
  // name+id+material, split at the first two '+' only: base64 key material may contain '+'.
  const text = String(vkey).trim();
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw new Error('malformed verifier key');
  const [name, id, material] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  const bytes = Buffer.from(material, 'base64');
  if (
    !isKeyName(name) ||
    !/^[0-9a-f]{8}$/.test(id) ||
    bytes.length !== 33 ||
    bytes.toString('base64') !== material
  ) {
    throw new Error('malformed verifier key');
  }
  const type = bytes[0];
  const publicKey = bytes.subarray(1);
  if (keyId(name, type, publicKey) !== Number.parseInt(id, 16)) throw new Error('malformed verifier key');
  return { name, keyId: Number.parseInt(id, 16), type, publicKey };
}

const ed25519Key = (raw) =>
  createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  });
const rawOf = (publicKey) => Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
const safeVerify = (message, key, signature) => {
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
};

/** A verifier for a log's Ed25519 note key (type 0x01), from its vkey. */
export function noteVerifier(vkey) {
  const k = parseVkey(vkey);
  if (k.type !== 0x01) throw new Error('not an Ed25519 note key');
  const key = ed25519Key(k.publicKey);
  return {
    name: k.name,
    keyId: k.keyId,
    vkey: String(vkey).trim(),
    kind: 'log',
    verify: (text, signature) => signature.length === 64 && safeVerify(text, key, signature),
  };
}

/** A verifier for a witness's cosignature/v1 key (type 0x04), from its vkey. */
export function cosignatureVerifier(vkey) {
  const k = parseVkey(vkey);
  if (k.type !== 0x04) throw new Error('not a cosignature/v1 key');
  const key = ed25519Key(k.publicKey);
  return {
    name: k.name,
    keyId: k.keyId,
    vkey: String(vkey).trim(),
    kind: 'witness',
    timestamp: (signature) => (signature.length === 72 ? Number(signature.readBigUInt64BE(0)) : null),
    verify: (text, signature) => {
      if (signature.length !== 72) return false;
      const time = signature.readBigUInt64BE(0);
      const message = Buffer.concat([
        Buffer.from(`cosignature/v1\ntime ${time}\n`, 'utf8'),
        Buffer.from(text),
      ]);
      return safeVerify(message, key, signature.subarray(8));
    },
  };
}

/**
 * c2sp.org/signed-note: opens a note with known verifiers. Unknown keys are ignored; a failing
 * signature of a known key throws; at least one known signature must verify.
 */
export function openNote(message, verifiers) {
  if (typeof message !== 'string' || !message.isWellFormed() || !message.endsWith('\n'))
    throw new Error('malformed note');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the specification forbids exactly these
  if (/[\x00-\x09\x0b-\x1f]/.test(message)) throw new Error('malformed note');
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new Error('malformed note');
  const text = message.slice(0, split + 1);
  const lines = message.slice(split + 2, -1).split('\n');
  if (lines.length > 100 || lines.some((l) => l === '')) throw new Error('malformed note');
  const verified = [];
  const unverified = [];
  const seen = new Set();
  for (const line of lines) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m || !isKeyName(m[1])) throw new Error('malformed note');
    const bytes = Buffer.from(m[2], 'base64');
    if (bytes.length < 5 || bytes.toString('base64') !== m[2]) throw new Error('malformed note');
    const id = bytes.readUInt32BE(0);
    const signature = bytes.subarray(4);
    const matches = verifiers.filter((v) => v.name === m[1] && v.keyId === id);
    if (matches.length > 1) throw new Error('ambiguous key');
    if (matches.length === 0) {
      unverified.push({ name: m[1], keyId: id, line });
      continue;
    }
    const v = matches[0];
    if (!v.verify(Buffer.from(text, 'utf8'), signature)) throw new Error(`invalid signature for key ${m[1]}`);
    if (seen.has(v)) continue;
    seen.add(v);
    verified.push({
      name: v.name,
      keyId: id,
      kind: v.kind,
      verifier: v,
      line,
      timestamp: v.timestamp?.(signature) ?? null,
    });
  }
  if (verified.length === 0) throw new Error('note has no verifiable signatures');
  return { text, verified, unverified };
}

/** c2sp.org/tlog-checkpoint §Note text. */
export function parseCheckpoint(text) {
  if (typeof text !== 'string' || !text.endsWith('\n')) throw new Error('malformed checkpoint');
  const [origin, size, root, ...extensions] = text.slice(0, -1).split('\n');
  if (
    !origin ||
    root === undefined ||
    !/^(0|[1-9][0-9]*)$/.test(size) ||
    !Number.isSafeInteger(Number(size))
  ) {
    throw new Error('malformed checkpoint');
  }
  const rootHash = parseHash(root);
  if (!rootHash || extensions.some((l) => l === '')) throw new Error('malformed checkpoint');
  return { origin, treeSize: Number(size), rootHash, extensions };
}

// ---------------------------------------------------------------------------------------------
// RFC 3161: a minimal DER reader, just enough to check a TimeStampToken (see the module docs of
// src/audit/rfc3161.ts, whose checks this repeats: imprint, signed content type and digest, the
// signature by a certificate with the signer identifier's serial number, time-stamping usage,
// validity at genTime, the trusted certificate or its issuer, and the ESS signing-certificate
// attribute naming that certificate; the project's tests compare the two and `openssl ts -verify`
// on tokens from a real TSA).
// ---------------------------------------------------------------------------------------------

function derRead(bytes, pos = 0) {
  if (pos + 2 > bytes.length) throw new Error('truncated DER');
  const tag = bytes[pos];
  let len = bytes[pos + 1];
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || pos + 2 + n > bytes.length) throw new Error('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[pos + 2 + i];
    header += n;
  }
  const start = pos + header;
  const end = start + len;
  if (end > bytes.length) throw new Error('truncated DER');
  return {
    tag,
    start,
    end,
    header: pos,
    bytes: bytes.subarray(pos, end),
    content: bytes.subarray(start, end),
  };
}

function derChildren(node) {
  const out = [];
  let pos = 0;
  while (pos < node.content.length) {
    const child = derRead(node.content, pos);
    out.push(child);
    pos = child.end;
  }
  return out;
}

function derOid(node) {
  if (node.tag !== 0x06) throw new Error('not an OBJECT IDENTIFIER');
  const b = node.content;
  const parts = [];
  let value = 0;
  for (let i = 0; i < b.length; i++) {
    value = value * 128 + (b[i] & 0x7f);
    if (!(b[i] & 0x80)) {
      if (parts.length === 0)
        parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

function derTime(node) {
  const s = Buffer.from(node.content).toString('latin1');
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(s);
  if (node.tag !== 0x18 || !m) throw new Error('not a GeneralizedTime');
  const ms = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], Math.floor(ms)));
}

const DIGEST_NAMES = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const SIGNATURE_HASH = {
  '1.2.840.113549.1.1.1': 'digest',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null,
};

/**
 * RFC 3161 §2.4.2 with RFC 5652 §5.4: checks a DER TimeStampToken over `data`; returns its genTime
 * or throws with the reason.
 */
export function verifyTimestampToken(token, data, trustedCertificatePem) {
  const bytes = Buffer.from(token);
  const contentInfo = derChildren(derRead(bytes));
  if (derOid(contentInfo[0]) !== '1.2.840.113549.1.7.2') throw new Error('the token is not a CMS SignedData');
  const signedData = derChildren(derRead(contentInfo[1].content));
  const [, , encap, ...rest] = signedData;
  const encapParts = derChildren(encap);
  if (derOid(encapParts[0]) !== '1.2.840.113549.1.9.16.1.4')
    throw new Error('the token does not hold a TSTInfo');
  const tstBytes = derRead(derRead(encapParts[1].content).bytes).content; // [0] EXPLICIT OCTET STRING
  const tst = derChildren(derRead(tstBytes));
  const imprint = derChildren(tst[2]);
  const imprintAlgorithm = DIGEST_NAMES[derOid(derChildren(imprint[0])[0])];
  if (!imprintAlgorithm) throw new Error('the imprint uses an unknown hash algorithm');
  if (!equalBytes(createHash(imprintAlgorithm).update(data).digest(), imprint[1].content)) {
    throw new Error('the token is over other data (its imprint differs)');
  }
  const genTime = derTime(tst[4]);
  const certificates = rest
    .filter((n) => n.tag === 0xa0)
    .flatMap((n) => derChildren(n).filter((c) => c.tag === 0x30));
  const signerInfos = derChildren(rest.find((n) => n.tag === 0x31));
  if (signerInfos.length !== 1) throw new Error('the token must have exactly one signer');
  const si = derChildren(signerInfos[0]);
  const digestName = DIGEST_NAMES[derOid(derChildren(si[2])[0])];
  const signedAttrs = si[3];
  if (!digestName || signedAttrs.tag !== 0xa0)
    throw new Error('the token has no signed attributes or an unknown digest');
  const attributeList = derChildren(signedAttrs).map((a) => {
    const [oid, set] = derChildren(a);
    return [derOid(oid), derChildren(set)];
  });
  const attrs = new Map(attributeList);
  const contentType = attrs.get('1.2.840.113549.1.9.3');
  const messageDigest = attrs.get('1.2.840.113549.1.9.4');
  if (contentType?.length !== 1 || derOid(contentType[0]) !== '1.2.840.113549.1.9.16.1.4') {
    throw new Error('the signed content type is not TSTInfo');
  }
  if (
    !messageDigest ||
    !equalBytes(createHash(digestName).update(tstBytes).digest(), messageDigest[0].content)
  ) {
    throw new Error('the signed digest does not match the TSTInfo');
  }
  const toVerify = Buffer.from(signedAttrs.bytes);
  toVerify[0] = 0x31; // RFC 5652 §5.4: signed as an explicit SET OF
  const algorithm = derOid(derChildren(si[4])[0]);
  if (!(algorithm in SIGNATURE_HASH)) throw new Error('unknown signature algorithm');
  const hash = SIGNATURE_HASH[algorithm] === 'digest' ? digestName : SIGNATURE_HASH[algorithm];
  const signature = si[5].content;
  const trusted = trustedCertificatePem ? new X509Certificate(trustedCertificatePem) : null;
  const candidates = certificates.map((c) => new X509Certificate(Buffer.from(c.bytes)));
  if (trusted) candidates.push(trusted);
  // RFC 5652 §5.3: a sid of issuerAndSerialNumber (a SEQUENCE; [0] is a subjectKeyIdentifier)
  // names the signer's serial number: only certificates with that serial are tried.
  const sid = si[1].tag === 0x30 ? serialHex(derChildren(si[1])[1].content) : null;
  const signer = candidates.find((c) => {
    if (sid !== null && serialHex(c.serialNumber) !== sid) return false;
    try {
      return verify(hash, toVerify, c.publicKey, signature);
    } catch {
      return false;
    }
  });
  if (!signer) throw new Error('the token signature does not verify with the TSA certificate');
  if (!(signer.keyUsage ?? []).includes('1.3.6.1.5.5.7.3.8'))
    throw new Error('the signing certificate is not for time stamping');
  if (genTime < new Date(signer.validFrom) || genTime > new Date(signer.validTo)) {
    throw new Error('the signing certificate was not valid at the stated time');
  }
  if (trusted && signer.fingerprint256 !== trusted.fingerprint256) {
    if (!signer.checkIssued(trusted) || !signer.verify(trusted.publicKey)) {
      throw new Error('the signing certificate is not the trusted TSA certificate or issued by it');
    }
  }
  checkSigningCertificate(attributeList, signer);
  return { genTime, signer: signer.subject };
}

const ESS_V1 = '1.2.840.113549.1.9.16.2.12'; // id-aa-signingCertificate, RFC 2634 §5.4
const ESS_V2 = '1.2.840.113549.1.9.16.2.47'; // id-aa-signingCertificateV2, RFC 5035 §3

/**
 * RFC 3161 §2.4.2 (RFC 5816 §2.2.1): an ESS signing-certificate attribute names the TSA certificate,
 * SigningCertificate (SHA-1) or SigningCertificateV2 (its hashAlgorithm, by default SHA-256), each at
 * most once and with one value; when both are there, both must hold. The first ESSCertID names the
 * certificate that verified the signature: certHash over its DER and, if given, its issuer (one
 * directoryName) and serial number.
 */
function checkSigningCertificate(attributes, certificate) {
  const found = attributes.filter(([oid]) => oid === ESS_V1 || oid === ESS_V2);
  if (found.length === 0) throw new Error('the token has no ESS signing-certificate attribute');
  if (new Set(found.map(([oid]) => oid)).size !== found.length || found.some(([, v]) => v.length !== 1)) {
    throw new Error('an ESS signing-certificate attribute is repeated or has not one value');
  }
  for (const [oid, [value]] of found) checkEssCertId(oid, value, certificate);
}

function checkEssCertId(oid, value, certificate) {
  let id;
  try {
    // SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), policies OPTIONAL }
    if (value.tag !== 0x30) throw new Error();
    const [certs] = derChildren(value);
    if (certs?.tag !== 0x30) throw new Error();
    const [first] = derChildren(certs);
    if (first?.tag !== 0x30) throw new Error();
    const parts = derChildren(first);
    // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT id-sha256, certHash, issuerSerial OPTIONAL }
    const algorithm = oid === ESS_V2 && parts[0]?.tag === 0x30 ? derOid(derChildren(parts.shift())[0]) : null;
    const [certHash, issuerSerial] = parts;
    if (certHash?.tag !== 0x04) throw new Error();
    // IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber INTEGER }
    const [names, serial] = issuerSerial ? derChildren(issuerSerial) : [];
    if (issuerSerial && (issuerSerial.tag !== 0x30 || names?.tag !== 0x30 || serial?.tag !== 0x02)) {
      throw new Error();
    }
    id = { algorithm, certHash: certHash.content, names: names ? derChildren(names) : null, serial };
  } catch {
    throw new Error('the ESS signing-certificate attribute is malformed');
  }
  const hashName = oid === ESS_V1 ? 'sha1' : DIGEST_NAMES[id.algorithm ?? '2.16.840.1.101.3.4.2.1'];
  if (!hashName) throw new Error('the ESS signing-certificate attribute uses an unknown hash algorithm');
  if (!equalBytes(createHash(hashName).update(certificate.raw).digest(), id.certHash)) {
    throw new Error('the ESS signing-certificate attribute names another certificate');
  }
  if (!id.names) return;
  // GeneralName directoryName is [4] EXPLICIT Name; the certificate's issuer is the TBSCertificate's
  // third field after the optional [0] version.
  const tbs = derChildren(derChildren(derRead(certificate.raw))[0]);
  const issuer = tbs[tbs[0].tag === 0xa0 ? 3 : 2];
  if (
    id.names.length !== 1 ||
    id.names[0].tag !== 0xa4 ||
    !equalBytes(id.names[0].content, issuer.bytes) ||
    serialHex(id.serial.content) !== serialHex(certificate.serialNumber)
  ) {
    throw new Error('the ESS signing-certificate attribute names another issuer or serial number');
  }
}

/** A serial number (INTEGER content bytes, or node's hex) as hex digits without leading zeros. */
function serialHex(serial) {
  const digits = typeof serial === 'string' ? serial : Buffer.from(serial).toString('hex');
  return digits.replace(/^0+/, '').toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// The verification run
// ---------------------------------------------------------------------------------------------

function makeReport() {
  const results = [];
  const notes = [];
  return {
    results,
    notes,
    check(ok, what) {
      results.push({ ok: Boolean(ok), what });
      return Boolean(ok);
    },
    note(text) {
      notes.push(text);
    },
  };
}

/** The facts the service records of a result (see recordResult in src/services/assessments.ts). */
function factsOf(result) {
  return {
    rulesetVersion: result.rulesetVersion,
    rulesetHash: result.rulesetHash,
    engineVersion: result.engineVersion,
    language: result.language,
    referenceDate: result.referenceDate,
    decision: result.decision,
    ground: result.ground,
    decisiveRuleId: result.decisiveRuleId ?? null,
    acuteDanger: result.acuteDanger,
    trace: result.trace.map((t) => [t.ruleId, t.outcome]),
    information: {
      share: result.information.share.map(({ category, ruleId }) => ({ category, ruleId })),
      withhold: result.information.withhold.map(({ category, ruleId }) => ({ category, ruleId })),
    },
    obligations: result.obligations.map((o) => o.id),
    missingAnswers: result.missingAnswers.map((q) => q.id),
    explanation: result.explanation,
    dossierNote: result.dossierNote,
  };
}

/** Steps 1 and 2: the chain entries and the readable record against them. */
function checkRecord(report, dossier) {
  const { check } = report;
  const tenantId = dossier.organisation?.id;
  const assessment = dossier.assessment;
  const entries = dossier.chainEntries ?? [];
  if (!check(entries.length >= 1 && assessment, 'the dossier holds a record and its chain entries'))
    return false;

  const envelopes = [];
  for (const entry of entries) {
    const label = `entry ${entry.sequence}`;
    check(
      chainHash(entry.previousHash, entry.content) === entry.hash,
      `${label}: hash = SHA-256(previousHash + content)`,
    );
    let envelope = {};
    try {
      envelope = JSON.parse(entry.content);
    } catch {
      check(false, `${label}: content is JSON`);
    }
    check(canonical(envelope) === entry.content, `${label}: content is canonical JSON`);
    check(
      envelope.schema === ENVELOPE_SCHEMA &&
        envelope.tenantId === tenantId &&
        envelope.sequence === entry.sequence &&
        envelope.entryType === entry.entryType,
      `${label}: envelope names this organisation, sequence and entry type`,
    );
    envelopes.push(envelope);
  }

  const [recordEntry, ...eventEntries] = entries;
  const record = envelopes[0];
  const data = record.data ?? {};
  check(
    recordEntry.entryType === 'assessment.recorded' &&
      record.entityId === assessment.id &&
      data.assessmentId === assessment.id,
    'the first entry is the record of this assessment',
  );
  check(
    assessment.recordedAt === record.recordedAt &&
      assessment.caseRef === data.request?.caseRef &&
      assessment.serviceVersion === data.serviceVersion &&
      same(assessment.request, data.request) &&
      same(assessment.recordedBy, data.recordedBy),
    'record: time, case, request (with the answers) and who recorded it equal the hashed content',
  );
  check(
    same(assessment.integrity, {
      sequence: recordEntry.sequence,
      hash: recordEntry.hash,
      previousHash: recordEntry.previousHash,
    }),
    'record: integrity equals its chain entry',
  );
  const result = without(assessment, DETAIL_FIELDS);
  if (data.result && typeof data.result.resultDigest === 'string') {
    const { resultDigest, ...facts } = data.result;
    check(
      same(factsOf(result), facts),
      'record: decision, ground, rule outcomes, categories and notes equal the hashed facts',
    );
    check(assessment.resultDigest === resultDigest, 'record: resultDigest equals the hashed one');
    if (assessment.textsReproduced === false) {
      report.note(
        'the service could not reproduce the rule texts of this record: only its facts are verified',
      );
    } else {
      check(
        sha256(canonical(result)).toString('hex') === resultDigest,
        'record: SHA-256 of the complete result (all texts) equals resultDigest',
      );
    }
  } else {
    check(same(result, data.result), 'record: the result equals the hashed one');
  }

  // Format 3: a translation of the record's texts must state the record's facts.
  if (dossier.translation) {
    const translated = dossier.translation.result ?? {};
    const facts = (r) => {
      const { explanation: _e, dossierNote: _n, language: _l, ...rest } = factsOf(r);
      return rest;
    };
    let agrees = false;
    try {
      agrees = same(facts(translated), facts(result)) && translated.language === dossier.translation.language;
    } catch {
      agrees = false;
    }
    check(
      agrees,
      `translation: the texts in ${dossier.translation.language} state the same decision, ground, rules, categories and obligations as the record`,
    );
  }

  const answers = data.request?.answers ?? {};
  const shown = (dossier.questions ?? []).filter((q) => q.answer !== null);
  check(
    shown.every((q) => same(answers[q.id], q.answer)) && Object.keys(answers).length === shown.length,
    'questions: the answers shown are exactly the recorded answers',
  );

  // The registered consent the weighing used.
  if (data.consent || assessment.consent || dossier.consent) checkConsent(report, dossier, data, tenantId);

  const events = assessment.events ?? [];
  check(
    events.length === eventEntries.length && eventEntries.every((e) => e.entryType === 'assessment.event'),
    `events: ${events.length} in the dossier, one chain entry each`,
  );
  events.forEach((event, i) => {
    const entry = eventEntries[i];
    const envelope = envelopes[i + 1];
    if (!entry || !envelope) return;
    const eventData = envelope.data ?? {};
    check(
      envelope.entityId === event.id &&
        eventData.eventId === event.id &&
        eventData.assessmentId === assessment.id &&
        event.recordedAt === envelope.recordedAt &&
        same(
          without(event, ['id', 'recordedAt', 'integrity']),
          without(eventData, ['eventId', 'recordedBy']),
        ) &&
        same(event.integrity, {
          sequence: entry.sequence,
          hash: entry.hash,
          previousHash: entry.previousHash,
        }),
      `event ${entry.sequence}: equals the hashed content`,
    );
  });
  return true;
}

/** Checks one chain entry's hash and envelope; returns the envelope ({} when it is not JSON). */
function checkedEnvelope(report, entry, label, tenantId) {
  const { check } = report;
  check(
    chainHash(entry.previousHash, entry.content) === entry.hash,
    `${label}: hash = SHA-256(previousHash + content)`,
  );
  let envelope = {};
  try {
    envelope = JSON.parse(entry.content);
  } catch {
    check(false, `${label}: content is JSON`);
  }
  check(canonical(envelope) === entry.content, `${label}: content is canonical JSON`);
  check(
    envelope.schema === ENVELOPE_SCHEMA &&
      envelope.tenantId === tenantId &&
      envelope.sequence === entry.sequence &&
      envelope.entryType === entry.entryType,
    `${label}: envelope names this organisation, sequence and entry type`,
  );
  return envelope;
}

/**
 * The consent: the record names its registration entry by position and hash (part of the hashed
 * record); that entry's content must hash to it and hold exactly the consent shown. A withdrawal
 * entry must name the same consent and hold exactly the withdrawal shown. Their inclusion in the
 * signed log is checked with the other proofs (step 3).
 */
function checkConsent(report, dossier, data, tenantId) {
  const { check } = report;
  const used = data.consent;
  const section = dossier.consent;
  check(
    used && same(dossier.assessment.consent, used),
    'consent: the consent use shown equals the one in the hashed record',
  );
  const entries = section?.chainEntries ?? [];
  if (
    !check(used && section && entries.length >= 1, 'consent: the dossier holds the consent the record names')
  )
    return;
  const envelopes = entries.map((entry) =>
    checkedEnvelope(report, entry, `consent entry ${entry.sequence}`, tenantId),
  );
  const [registration, withdrawal] = entries;
  const created = envelopes[0].data ?? {};
  const view = section.consent ?? {};
  check(
    registration.entryType === 'consent.recorded' &&
      registration.sequence === used.entry?.sequence &&
      registration.hash === used.entry?.hash &&
      envelopes[0].entityId === used.consentId &&
      created.consentId === used.consentId,
    'consent: its registration entry is the one the record names (position and hash)',
  );
  check(
    view.id === created.consentId &&
      view.recordedAt === envelopes[0].recordedAt &&
      same(
        without(view, ['id', 'recordedAt', 'status', 'problems', 'integrity', 'withdrawal']),
        without(created, ['consentId']),
      ) &&
      same(view.integrity, {
        sequence: registration.sequence,
        hash: registration.hash,
        previousHash: registration.previousHash,
      }),
    'consent: what, by whom, to whom and until when, as shown, equal the hashed registration',
  );
  if (withdrawal) {
    const withdrawn = envelopes[1].data ?? {};
    const shown = view.withdrawal ?? {};
    check(
      withdrawal.entryType === 'consent.withdrawn' &&
        withdrawn.consentId === used.consentId &&
        shown.id === withdrawn.withdrawalId &&
        shown.recordedAt === envelopes[1].recordedAt &&
        same(
          without(shown, ['id', 'recordedAt', 'integrity']),
          without(withdrawn, ['withdrawalId', 'consentId']),
        ) &&
        same(shown.integrity, {
          sequence: withdrawal.sequence,
          hash: withdrawal.hash,
          previousHash: withdrawal.previousHash,
        }),
      'consent: the withdrawal shown equals its hashed entry',
    );
  } else {
    check(view.withdrawal === null, 'consent: no withdrawal is shown without its entry');
  }
  if (used.withdrawal) {
    check(
      withdrawal &&
        withdrawal.sequence === used.withdrawal.sequence &&
        withdrawal.hash === used.withdrawal.hash,
      'consent: the withdrawal the record knew of is the one shown',
    );
  }
}

/**
 * The log keys the holder trusts: from the published key history (JSON), a vkey, or a PEM public
 * key (then named by the dossier's origin and taken as valid at any time).
 */
export function logKeysFrom(text, origin) {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    const key = createPublicKey(trimmed);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('the public key is not an Ed25519 key');
    const raw = rawOf(key);
    const vkey = `${origin}+${keyId(origin, 1, raw).toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.of(1), raw]).toString('base64')}`;
    return {
      keys: [{ vkey, validFrom: null, validUntil: null, pem: trimmed }],
      witnesses: [],
      threshold: null,
      tsaCertificatePem: null,
    };
  }
  if (!trimmed.startsWith('{')) {
    return {
      keys: [{ vkey: trimmed, validFrom: null, validUntil: null }],
      witnesses: [],
      threshold: null,
      tsaCertificatePem: null,
    };
  }
  const history = JSON.parse(trimmed);
  return {
    keys: (history.keys ?? []).map((k) => ({
      vkey: k.vkey,
      validFrom: k.validFrom ?? null,
      validUntil: k.validUntil ?? null,
      pem: k.publicKeyPem,
    })),
    witnesses: (history.witnesses ?? []).map((w) => w.vkey),
    threshold: Number.isSafeInteger(history.cosignatureThreshold) ? history.cosignatureThreshold : null,
    tsaCertificatePem: history.tsaCertificatePem ?? null,
    origin: history.origin ?? null,
  };
}

/** The log-signed part of a checkpoint note: its text and the log's own signature lines. */
function logSignedNote(checkpoint, logNames) {
  const split = checkpoint.lastIndexOf('\n\n');
  const text = checkpoint.slice(0, split + 1);
  const lines = checkpoint
    .slice(split + 2, -1)
    .split('\n')
    .filter((line) => logNames.has(line.slice(2, line.indexOf(' ', 2))));
  return `${text}\n${lines.map((l) => `${l}\n`).join('')}`;
}

/** Opens a format-2 checkpoint note; returns the parsed checkpoint and the signatures, or null. */
function openCheckpoint(report, label, note, trust) {
  const { check } = report;
  let opened;
  try {
    opened = openNote(note, [...trust.logVerifiers, ...trust.witnessVerifiers]);
  } catch (error) {
    check(false, `${label}: the checkpoint note opens (${error.message})`);
    return null;
  }
  const logSignatures = opened.verified.filter((s) => s.kind === 'log');
  if (!check(logSignatures.length > 0, `${label}: signed by a key of the log's published key history`))
    return null;
  let checkpoint;
  try {
    checkpoint = parseCheckpoint(opened.text);
  } catch {
    check(false, `${label}: the signed text is a c2sp.org/tlog-checkpoint`);
    return null;
  }
  return { checkpoint, logSignatures, cosignatures: opened.verified.filter((s) => s.kind === 'witness') };
}

/** Step 3 for format 2. Returns the opened checkpoint for step 4. */
function checkTransparency(report, dossier, trust, options) {
  const { check, note } = report;
  const t = dossier.transparency;
  if (
    !check(
      t && typeof t.checkpoint === 'string',
      'the dossier carries a signed checkpoint of the transparency log',
    )
  ) {
    return null;
  }
  check(
    typeof t.origin === 'string' && t.origin.endsWith(`/${dossier.organisation?.id}`),
    `log: the origin ${t.origin} names this organisation`,
  );
  const opened = openCheckpoint(report, 'checkpoint', t.checkpoint, trust);
  if (!opened) return null;
  const { checkpoint, logSignatures, cosignatures } = opened;
  check(checkpoint.origin === t.origin, "checkpoint: of this organisation's log (origin line)");

  // Inclusion: each entry's content, hashed as a leaf, is in the signed tree.
  const entries = dossier.chainEntries ?? [];
  const proofs = new Map((t.entries ?? []).map((e) => [e.sequence, e]));
  check(
    proofs.size === entries.length && entries.every((e) => proofs.has(e.sequence)),
    'every chain entry has an inclusion proof',
  );
  for (const entry of entries) {
    const p = proofs.get(entry.sequence);
    if (!p) continue;
    const path = (p.inclusionProof ?? []).map(parseHash);
    const leaf = leafHash(Buffer.from(entry.content, 'utf8'));
    check(
      p.leafIndex === entry.sequence - 1 &&
        path.every(Boolean) &&
        verifyInclusion(leaf, p.leafIndex, checkpoint.treeSize, path, checkpoint.rootHash),
      `entry ${entry.sequence}: its content is leaf ${p.leafIndex} of the signed tree of ${checkpoint.treeSize} (RFC 9162 inclusion proof)`,
    );
    if (typeof p.tlogProof === 'string') {
      const expected = `c2sp.org/tlog-proof@v1\nindex ${p.leafIndex}\n${(p.inclusionProof ?? []).map((h) => `${h}\n`).join('')}\n${t.checkpoint}`;
      check(
        p.tlogProof === expected,
        `entry ${entry.sequence}: its c2sp.org/tlog-proof text carries the same proof and checkpoint`,
      );
    }
  }

  // The consent's entries are in the same signed tree.
  const consentEntries = dossier.consent?.chainEntries ?? [];
  if (consentEntries.length > 0) {
    const consentProofs = new Map((dossier.consent.inclusion ?? []).map((e) => [e.sequence, e]));
    for (const entry of consentEntries) {
      const p = consentProofs.get(entry.sequence);
      const path = (p?.inclusionProof ?? []).map(parseHash);
      const leaf = leafHash(Buffer.from(entry.content, 'utf8'));
      check(
        p !== undefined &&
          p.leafIndex === entry.sequence - 1 &&
          path.every(Boolean) &&
          verifyInclusion(leaf, p.leafIndex, checkpoint.treeSize, path, checkpoint.rootHash),
        `consent entry ${entry.sequence}: its content is leaf ${entry.sequence - 1} of the signed tree of ${checkpoint.treeSize} (RFC 9162 inclusion proof)`,
      );
      if (typeof p?.tlogProof === 'string') {
        const expected = `c2sp.org/tlog-proof@v1\nindex ${p.leafIndex}\n${(p.inclusionProof ?? []).map((h) => `${h}\n`).join('')}\n${t.checkpoint}`;
        check(
          p.tlogProof === expected,
          `consent entry ${entry.sequence}: its c2sp.org/tlog-proof text carries the same proof and checkpoint`,
        );
      }
    }
  }

  // Witnesses.
  const threshold = options.threshold ?? trust.threshold ?? 0;
  const witnesses = new Set(cosignatures.map((c) => c.name));
  check(
    witnesses.size >= threshold,
    `witnesses: ${witnesses.size} of the trusted witnesses cosigned this checkpoint (${threshold} required)`,
  );
  for (const c of cosignatures)
    note(`cosigned by ${c.name} at ${new Date(c.timestamp * 1000).toISOString()}`);

  // Trusted time.
  let time = null;
  let timeSource = null;
  const logNames = new Set(logSignatures.map((s) => s.name));
  if (t.timestamp?.token) {
    try {
      const tsaCert = options.tsaCertificatePem ?? trust.tsaCertificatePem ?? undefined;
      const verified = verifyTimestampToken(
        Buffer.from(t.timestamp.token, 'base64'),
        Buffer.from(logSignedNote(t.checkpoint, logNames), 'utf8'),
        tsaCert,
      );
      check(true, `timestamp: an RFC 3161 token over the signed checkpoint, by ${verified.signer}`);
      if (!tsaCert)
        note('no trusted TSA certificate was given: the token was checked with the certificate it carries');
      time = verified.genTime;
      timeSource = 'the RFC 3161 timestamp';
    } catch (error) {
      check(false, `timestamp: the RFC 3161 token verifies (${error.message})`);
    }
  } else {
    note('no RFC 3161 timestamp in this dossier (the service had no TSA configured)');
  }
  if (!time && cosignatures.length > 0) {
    time = new Date(Math.min(...cosignatures.map((c) => c.timestamp)) * 1000);
    timeSource = 'the earliest cosignature';
  }
  // The log key that signed must have been valid at that time (key rotation).
  const validAt = (s) => {
    const k = trust.keyOf.get(s.verifier);
    if (!time) return true;
    return (
      (!k.validFrom || new Date(k.validFrom) <= time) && (!k.validUntil || time <= new Date(k.validUntil))
    );
  };
  if (time) {
    check(
      logSignatures.some(validAt),
      `checkpoint: signed by a log key that was valid at ${time.toISOString()} (${timeSource})`,
    );
  } else {
    note(
      "the checkpoint's time could not be established (no timestamp, no cosignature): key validity not checked",
    );
  }

  // The readable parts outside the chain.
  checkPresentation(report, dossier, trust);
  return opened;
}

/** The digest the service signs over the readable parts that are not in the chain. */
export function presentationDigest(dossier) {
  // Only in a dossier with a registered consent: its readable parts outside its chain entries.
  const consent = dossier.consent
    ? {
        consent: {
          labels: dossier.consent.labels,
          status: dossier.consent.consent?.status,
          problems: dossier.consent.consent?.problems,
          proof: dossier.consent.proof,
        },
      }
    : {};
  const parts =
    dossier.schema === DOSSIER_V3
      ? {
          assessmentId: dossier.assessment?.id,
          exportedAt: dossier.exportedAt,
          language: dossier.language,
          organisation: dossier.organisation,
          translation: dossier.translation,
          labels: dossier.labels,
          questions: dossier.questions,
          legalBasis: dossier.legalBasis,
          bibliography: dossier.bibliography,
          ...consent,
        }
      : {
          assessmentId: dossier.assessment?.id,
          exportedAt: dossier.exportedAt,
          organisation: dossier.organisation,
          labels: dossier.labels,
          questions: dossier.questions,
          ...consent,
        };
  return sha256(canonical(parts)).toString('base64');
}

function checkPresentation(report, dossier, trust) {
  const { check } = report;
  const t = dossier.transparency;
  let opened;
  try {
    opened = openNote(t.presentation, trust.logVerifiers);
  } catch (error) {
    check(
      false,
      `presentation: the statement over labels, organisation, questions and exportedAt is signed (${error.message})`,
    );
    return;
  }
  const v3 = dossier.schema === DOSSIER_V3;
  const expected =
    `${v3 ? PRESENTATION_HEADER_V3 : PRESENTATION_HEADER}\n${t.origin}\nassessment ${dossier.assessment?.id}\n` +
    `sha256 ${presentationDigest(dossier)}\n`;
  check(
    opened.text === expected,
    v3
      ? 'presentation: organisation name, language, translation, labels, question texts and status, sources, legal basis, bibliography and exportedAt are exactly as the service signed them'
      : 'presentation: organisation name, labels, question texts, sources and exportedAt are exactly as the service signed them',
  );
}

/** Format 1 (0.1): the export statement signed with the service key as PEM. */
function checkStatementV1(report, checkpoint, pem, label) {
  const { check } = report;
  let signatureOk = false;
  try {
    signatureOk = verify(
      null,
      Buffer.from(checkpoint.statement, 'utf8'),
      createPublicKey(pem),
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    signatureOk = false;
  }
  check(signatureOk, `${label}: Ed25519 signature verifies under the given public key`);
  let statement = null;
  try {
    statement = JSON.parse(checkpoint.statement);
  } catch {
    check(false, `${label}: statement is JSON`);
    return null;
  }
  check(
    statement?.schema === CHECKPOINT_SCHEMA && canonical(statement) === checkpoint.statement,
    `${label}: statement is a canonical ${CHECKPOINT_SCHEMA} statement`,
  );
  return signatureOk ? statement : null;
}

function positionsOf(statement) {
  if (statement.kind === 'head') return [{ sequence: statement.sequence, hash: statement.hash }];
  return [...(statement.entries ?? []), statement.head];
}

function verifyV1(report, dossier, trust, others) {
  const { check, note } = report;
  const pem = trust.keys.find((k) => k.pem)?.pem;
  if (!check(pem, 'a format-1 dossier is checked with the service key as PEM')) return;
  const keyIdOld = createHash('sha256')
    .update(createPublicKey(pem).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
  const checkpoint = dossier.checkpoint;
  if (
    !check(checkpoint, 'the dossier carries a signed checkpoint (the service verified its chain at export)')
  )
    return;
  check(
    checkpoint.algorithm === 'Ed25519' && checkpoint.publicKeyId === keyIdOld,
    'checkpoint: made with this key',
  );
  const statement = checkStatementV1(report, checkpoint, pem, 'checkpoint');
  const entries = dossier.chainEntries ?? [];
  if (statement) {
    check(
      statement.kind === 'export' &&
        statement.tenantId === dossier.organisation?.id &&
        statement.assessmentId === dossier.assessment?.id &&
        statement.publicKeyId === keyIdOld,
      'checkpoint: an export statement about this organisation and this assessment',
    );
    check(
      same(
        statement.entries,
        entries.map((e) => ({ sequence: e.sequence, hash: e.hash })),
      ),
      'checkpoint: names exactly these entries with these hashes',
    );
    note(
      `signed at ${statement.signedAt}; chain head then ${statement.head?.sequence} ${statement.head?.hash}`,
    );
  }
  for (const [path, other] of others) {
    const otherCheckpoint = other.schema === DOSSIER_V1 ? other.checkpoint : other;
    if (!check(otherCheckpoint?.statement, `${path}: holds a signed format-1 checkpoint`)) continue;
    const otherStatement = checkStatementV1(report, otherCheckpoint, pem, path);
    if (!otherStatement || !statement) continue;
    if (!check(otherStatement.tenantId === dossier.organisation?.id, `${path}: about the same organisation`))
      continue;
    const mine = new Map(positionsOf(statement).map((p) => [p.sequence, p.hash]));
    for (const position of positionsOf(otherStatement)) {
      const hash = mine.get(position.sequence);
      if (hash === undefined) continue;
      check(
        hash === position.hash,
        `${path}: entry ${position.sequence} has the same hash in both (a different hash means the chain was rewritten)`,
      );
    }
  }
}

/** Step 4 for format 2: this dossier's tree and an earlier one are one append-only log. */
async function checkAgainst(report, mine, label, other, trust, options) {
  const { check } = report;
  const note = typeof other === 'string' ? other : (other.transparency?.checkpoint ?? other.checkpoint);
  if (!check(typeof note === 'string', `${label}: holds a format-2 checkpoint`)) return;
  const theirs = openCheckpoint(report, label, note, trust);
  if (!theirs) return;
  const a = theirs.checkpoint;
  const b = mine.checkpoint;
  if (!check(a.origin === b.origin, `${label}: a checkpoint of the same log`)) return;
  if (a.treeSize === b.treeSize) {
    check(
      equalBytes(a.rootHash, b.rootHash),
      `${label}: the same tree of ${a.treeSize} (a different root means the log was forked or rewritten)`,
    );
    return;
  }
  const [small, large] = a.treeSize < b.treeSize ? [a, b] : [b, a];
  let proof = options.consistencyProof;
  if (!proof && options.service)
    proof = await fetchConsistency(options.service, small.treeSize, large.treeSize, b.origin);
  if (
    !check(
      proof,
      `${label}: a consistency proof from ${small.treeSize} to ${large.treeSize} is at hand (--consistency-proof or --service)`,
    )
  )
    return;
  const hashes = proof.map(parseHash);
  check(
    hashes.every(Boolean) &&
      verifyConsistency(small.treeSize, large.treeSize, small.rootHash, large.rootHash, hashes),
    `${label}: the tree of ${large.treeSize} extends the tree of ${small.treeSize} (RFC 9162 consistency proof; a failure means the log was truncated or rewritten)`,
  );
}

async function fetchConsistency(service, from, to, origin) {
  const organisation = origin.slice(origin.lastIndexOf('/') + 1);
  const url = `${service.replace(/\/$/, '')}/v1/audit/proofs/consistency?from=${from}&to=${to}&organisation=${organisation}`;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${process.env.PSS_API_KEY ?? ''}` },
  });
  if (!response.ok) return null;
  return (await response.json()).proof ?? null;
}

function coverage(report, dossier) {
  const { note } = report;
  if (dossier.schema === DOSSIER_V3) {
    note(
      'covered by the log (signed checkpoint, inclusion proofs): the chain entries, so the record, its request and answers, ' +
        "the professional's motivation, name and registration, the result with every rule text and source shown, and each " +
        'follow-up event with its motivation',
    );
    note(
      "covered by the service's presentation signature: exportedAt, the dossier's language, the organisation name, labels " +
        '(the words for every code shown), question texts, statuses and sources, the translation, the legal basis and the bibliography',
    );
    note(
      "NOT covered by any signature: `verification` (the service's own report at export, including the last full " +
        "verification of the chain and the checkpoint's signing time) and `howToVerify`; the PDF's pages are a rendering of this file",
    );
  } else if (dossier.schema === DOSSIER_V2) {
    note(
      'covered by the log (signed checkpoint, inclusion proofs): the chain entries, so the record, its request and answers, ' +
        'the result with every rule text and source shown, and each follow-up event; with a registered consent, ' +
        'its registration and withdrawal entries too',
    );
    note(
      "covered by the service's presentation signature: exportedAt, the organisation name, labels, question texts and sources" +
        (dossier.consent ? "; the consent's labels, status, problems and proof text" : ''),
    );
    note(
      "NOT covered by any signature: `verification` (the service's own report at export) and `howToVerify`; the PDF is a rendering of this file",
    );
  } else {
    note(
      'format 1: covered by the signed export statement: the chain entries (record, answers, result, events); NOT covered: ' +
        'labels, organisation name, question texts, sources, exportedAt, verification, howToVerify',
    );
  }
}

/** Verifies a dossier; returns the report (results and notes). */
export async function verifyDossier(dossier, keysText, options = {}, others = []) {
  const report = makeReport();
  // Format 3 is format 2 with more readable parts under the presentation signature.
  const v2 = dossier?.schema === DOSSIER_V2 || dossier?.schema === DOSSIER_V3;
  if (
    !report.check(
      v2 || dossier?.schema === DOSSIER_V1,
      `the file is a ${DOSSIER_V3} (or ${DOSSIER_V2}, ${DOSSIER_V1}) dossier`,
    )
  )
    return report;
  const origin = dossier.transparency?.origin ?? `unknown/${dossier.organisation?.id}`;
  let trust;
  try {
    trust = logKeysFrom(keysText, origin);
  } catch (error) {
    report.check(false, `the keys can be read (${error.message})`);
    return report;
  }
  trust.logVerifiers = [];
  trust.keyOf = new Map();
  for (const k of trust.keys) {
    try {
      const verifier = noteVerifier(k.vkey);
      trust.logVerifiers.push(verifier);
      trust.keyOf.set(verifier, k);
    } catch {
      if (v2) report.check(false, `the log key ${k.vkey} is a valid note key`);
    }
  }
  trust.witnessVerifiers = [];
  for (const vkey of [...(options.witnesses ?? []), ...(options.witnesses?.length ? [] : trust.witnesses)]) {
    try {
      trust.witnessVerifiers.push(cosignatureVerifier(vkey));
    } catch {
      report.check(false, `the witness key ${vkey} is a valid cosignature/v1 key`);
    }
  }
  if (!checkRecord(report, dossier)) return report;
  if (v2) {
    const opened = checkTransparency(report, dossier, trust, options);
    if (opened)
      for (const [label, other] of others) await checkAgainst(report, opened, label, other, trust, options);
  } else {
    verifyV1(report, dossier, trust, others);
  }
  coverage(report, dossier);
  return report;
}

// ---------------------------------------------------------------------------------------------
// A PDF dossier: the JSON dossier embedded in it (ISO 32000-1 §7.11.4 embedded file streams,
// ISO 19005-3 associated files)
// ---------------------------------------------------------------------------------------------

const isPdf = (bytes) => bytes.subarray(0, 5).toString('latin1') === '%PDF-';

/** The dictionary that starts at `start` ("<<"), up to its matching ">>": its text and where it ends. */
function pdfDictionary(text, start) {
  let depth = 0;
  for (let i = start; i < text.length - 1; i++) {
    const pair = text.slice(i, i + 2);
    if (text[i] === '(') {
      // A literal string: skip it (balanced parentheses, backslash escapes).
      let nesting = 0;
      for (; i < text.length; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '(') nesting++;
        else if (text[i] === ')' && --nesting === 0) break;
      }
    } else if (pair === '<<') {
      depth++;
      i++;
    } else if (pair === '>>') {
      depth--;
      i++;
      if (depth === 0) return { body: text.slice(start, i + 1), end: i + 1 };
    }
  }
  return null;
}

/** The value of a direct integer entry, or of an indirect one resolved in the file. */
function pdfInteger(text, dictionary, key) {
  const direct = new RegExp(`/${key}\\s+(\\d+)(?!\\s+\\d+\\s+R)`).exec(dictionary);
  if (direct) return Number(direct[1]);
  const ref = new RegExp(`/${key}\\s+(\\d+)\\s+(\\d+)\\s+R`).exec(dictionary);
  if (!ref) return null;
  const object = new RegExp(`(?:^|[\\r\\n\\s])${ref[1]}\\s+${ref[2]}\\s+obj\\s+(\\d+)\\s+endobj`).exec(text);
  return object ? Number(object[1]) : null;
}

/**
 * The embedded files of a PDF: every stream whose dictionary says /Type /EmbeddedFile, decoded
 * (FlateDecode or none), with its MD5 checked against /Params /CheckSum when that is given. They
 * are found by their own objects, so this works whatever cross-reference form the file uses (an
 * embedded file stream is never inside an object stream). Encrypted PDFs are not supported.
 */
export function embeddedFilesOf(bytes) {
  const text = Buffer.from(bytes).toString('latin1');
  if (/\/Encrypt\s/.test(text)) throw new Error('the PDF is encrypted');
  const files = [];
  const marker = /\/Type\s*\/EmbeddedFile\b/g;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    const objectStart = text.lastIndexOf(' obj', m.index);
    const open = text.indexOf('<<', objectStart);
    const dictionary = open >= 0 ? pdfDictionary(text, open) : null;
    if (!dictionary || open > m.index || dictionary.end < m.index) continue;
    const after = /^\s*stream(\r\n|\n)/.exec(text.slice(dictionary.end, dictionary.end + 20));
    if (!after) continue;
    const dataStart = dictionary.end + after[0].length;
    let length = pdfInteger(text, dictionary.body, 'Length');
    if (
      length === null ||
      text.slice(dataStart + length, dataStart + length + 30).search(/^\s*endstream/) < 0
    ) {
      const end = text.indexOf('endstream', dataStart);
      if (end < 0) continue;
      length = text.slice(dataStart, end).replace(/(\r\n|\n|\r)$/, '').length;
    }
    let data = Buffer.from(bytes).subarray(dataStart, dataStart + length);
    const filter = /\/Filter\s*(?:\[\s*)?\/(\w+)/.exec(dictionary.body)?.[1];
    if (filter === 'FlateDecode') data = inflateSync(data);
    else if (filter) throw new Error(`an embedded file uses the unsupported filter ${filter}`);
    const checksum = /\/CheckSum\s*(?:\(([0-9a-fA-F]{32})\)|<([0-9a-fA-F]{32})>)/.exec(dictionary.body);
    let checksumOk = null;
    if (checksum) {
      const md5 = createHash('md5').update(data).digest('hex');
      // pdfkit writes the MD5 as 32 hex characters; the standard form is its 16 bytes, hex-encoded.
      checksumOk = (checksum[1] ?? checksum[2]).toLowerCase() === md5;
    }
    files.push({
      data,
      checksumOk,
      subtype: /\/Subtype\s*\/([^\s/<>[\]()]+)/.exec(dictionary.body)?.[1] ?? null,
    });
  }
  return files;
}

/** The dossier a file holds: JSON as it is, or the JSON dossier embedded in a PDF. */
export function readDossier(bytes, label = 'the file') {
  const buffer = Buffer.from(bytes);
  if (!isPdf(buffer)) return JSON.parse(buffer.toString('utf8'));
  const candidates = [];
  for (const file of embeddedFilesOf(buffer)) {
    if (file.checksumOk === false) throw new Error(`${label}: an embedded file does not match its checksum`);
    try {
      const value = JSON.parse(file.data.toString('utf8'));
      if (typeof value?.schema === 'string' && value.schema.startsWith('beroepsgeheim.dossier/'))
        candidates.push(value);
    } catch {
      // Not JSON: another attachment.
    }
  }
  if (candidates.length !== 1) {
    throw new Error(
      `${label}: ${candidates.length === 0 ? 'the PDF holds no embedded dossier' : 'the PDF holds more than one dossier'}`,
    );
  }
  return candidates[0];
}

function print(report) {
  for (const r of report.results) process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.what}\n`);
  for (const n of report.notes) process.stdout.write(`note  ${n}\n`);
  const failed = report.results.filter((r) => !r.ok).length;
  process.stdout.write(
    failed === 0
      ? `\nVERIFIED: all ${report.results.length} checks hold.\n`
      : `\nNOT VERIFIED: ${failed} of ${report.results.length} checks failed.\n`,
  );
  return failed === 0 ? 0 : 1;
}

const USAGE =
  'usage: node verify-export.mjs <dossier.json> <keys.json|key.pem|vkey> [--witness <vkey>]... [--threshold <n>]\n' +
  '         [--tsa-cert <file.pem>] [--consistency-proof <file>] [--service <url>] [<earlier-dossier-or-checkpoint> ...]\n';

async function main(argv) {
  const positional = [];
  const options = { witnesses: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--witness') options.witnesses.push(value());
    else if (arg === '--threshold') options.threshold = Number(value());
    else if (arg === '--tsa-cert') options.tsaCertificatePem = readFileSync(value(), 'utf8');
    else if (arg === '--consistency-proof')
      options.consistencyProof = readFileSync(value(), 'utf8').split('\n').filter(Boolean);
    else if (arg === '--service') options.service = value();
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length < 2 || (options.threshold !== undefined && !isSize(options.threshold))) {
    process.stderr.write(USAGE);
    return 2;
  }
  const [dossierPath, keysPath, ...otherPaths] = positional;
  const bytes = readFileSync(dossierPath);
  const dossier = readDossier(bytes, dossierPath);
  if (isPdf(bytes)) process.stdout.write(`note  verifying the dossier embedded in the PDF ${dossierPath}\n`);
  const others = otherPaths.map((path) => {
    const text = readFileSync(path, 'utf8');
    return [path, text.trimStart().startsWith('{') ? JSON.parse(text) : text];
  });
  return print(await verifyDossier(dossier, readFileSync(keysPath, 'utf8'), options, others));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stdout.write(
        `FAIL  the files could not be read: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.stdout.write('\nNOT VERIFIED.\n');
      process.exitCode = 1;
    },
  );
}
