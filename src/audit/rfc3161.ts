/**
 * RFC 3161 trusted timestamps over checkpoints: the request the service sends a Time-Stamping
 * Authority (TSA), and the checks on the token it gets back. ASN.1 through the @peculiar/asn1-*
 * schemas (not hand-written DER); signatures and certificates through node:crypto.
 *
 *   TimeStampReq  (§2.4.1)  version 1, messageImprint = SHA-256 of the data, a random nonce,
 *                           certReq TRUE (the TSA's certificate comes with the token)
 *   TimeStampResp (§2.4.2)  status granted (0) or grantedWithMods (1), then the token: a CMS
 *                           SignedData (RFC 5652) whose content is a TSTInfo (§2.4.2)
 *
 * A token verifies when (RFC 3161 §2.4.2, RFC 5652 §5.4 and §11):
 *   - its TSTInfo's messageImprint is SHA-256 over the expected data (and the nonce, if asked, is
 *     the one sent);
 *   - the signed attributes name TSTInfo as content type and carry its digest;
 *   - the signature over the DER of the signed attributes verifies with the signer certificate
 *     (carried in the token, or the trusted one), which is for time stamping (extended key usage
 *     id-kp-timeStamping, RFC 3161 §2.3) and valid at genTime;
 *   - when a trusted TSA certificate is configured, the signer certificate is that certificate or
 *     is issued and signed by it;
 *   - the signed attributes name that very certificate in an ESS signing-certificate attribute
 *     (RFC 3161 §2.4.2 with RFC 5816: SigningCertificate, RFC 2634 §5.4, with its SHA-1, or
 *     SigningCertificateV2, RFC 5035 §3, with SHA-256 or the hash it names; each at most once, and
 *     both must hold when both are there): the first ESSCertID's certHash is over its DER, and its
 *     issuerSerial, if any, is its issuer and serial number. Without this the signature is bound to a
 *     key only, and another certificate for that key could take the TSA certificate's place.
 * The signer identifier's serial number (issuerAndSerialNumber) picks the certificates tried.
 * scripts/verify-export.mjs repeats these checks with a small DER reader of its own (so it stays
 * one file); test/unit/rfc3161.test.ts holds both to tokens OpenSSL made (test/vectors/rfc3161.json)
 * and test/integration/timestamps.test.ts to a real TSA and `openssl ts -verify`.
 */
import { createHash, randomBytes, verify as verifySignature, X509Certificate } from 'node:crypto';
import { type Attribute, ContentInfo, id_signedData, SignedData } from '@peculiar/asn1-cms';
import {
  AsnConvert,
  AsnIntegerArrayBufferConverter,
  AsnProp,
  AsnPropTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { MessageImprint, PKIStatus, TimeStampReq, TimeStampResp, TSTInfo } from '@peculiar/asn1-tsp';
import {
  AlgorithmIdentifier,
  Certificate,
  GeneralNames,
  type Name,
  PolicyInformation,
} from '@peculiar/asn1-x509';

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  ecdsaSha512: '1.2.840.10045.4.3.4',
  ed25519: '1.3.101.112',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  /** id-aa-signingCertificate (RFC 2634 §5.4) and id-aa-signingCertificateV2 (RFC 5035 §3). */
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

/** DER of the OBJECT IDENTIFIER id-ct-TSTInfo, as the contentType attribute holds it. */
const TST_INFO_OID_DER = '060b2a864886f70d0109100104';

const DIGESTS: Record<string, string> = {
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

// The ESS signing-certificate attribute (RFC 2634 §5.4, RFC 5035 §3), which no @peculiar package
// defines: declared for @peculiar/asn1-schema as its own packages do, with AsnProp applied as a
// plain function (the decorator syntax would need a compiler option).
//   SigningCertificate   ::= SEQUENCE { certs SEQUENCE OF ESSCertID, policies SEQUENCE OF PolicyInformation OPTIONAL }
//   SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies ... OPTIONAL }
//   ESSCertID   ::= SEQUENCE { certHash OCTET STRING (SHA-1), issuerSerial IssuerSerial OPTIONAL }
//   ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {id-sha256}, certHash, issuerSerial OPTIONAL }
//   IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
function fields(type: { prototype: object }, props: Record<string, Parameters<typeof AsnProp>[0]>) {
  for (const [name, options] of Object.entries(props)) AsnProp(options)(type.prototype, name);
}
// The fields are declared only: the schema parser sets them (and leaves an empty SEQUENCE OF unset).
class EssIssuerSerial {
  declare issuer: GeneralNames;
  declare serialNumber: ArrayBuffer;
}
fields(EssIssuerSerial, {
  issuer: { type: GeneralNames },
  serialNumber: { type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter },
});
class EssCertId {
  declare certHash: OctetString;
  declare issuerSerial?: EssIssuerSerial;
}
class EssCertIdV2 {
  declare hashAlgorithm?: AlgorithmIdentifier;
  declare certHash: OctetString;
  declare issuerSerial?: EssIssuerSerial;
}
fields(EssCertId, {
  certHash: { type: OctetString },
  issuerSerial: { type: EssIssuerSerial, optional: true },
});
fields(EssCertIdV2, {
  hashAlgorithm: { type: AlgorithmIdentifier, optional: true },
  certHash: { type: OctetString },
  issuerSerial: { type: EssIssuerSerial, optional: true },
});
class SigningCertificate {
  declare certs?: EssCertId[];
  declare policies?: PolicyInformation[];
}
class SigningCertificateV2 {
  declare certs?: EssCertIdV2[];
  declare policies?: PolicyInformation[];
}
fields(SigningCertificate, {
  certs: { type: EssCertId, repeated: 'sequence' },
  policies: { type: PolicyInformation, repeated: 'sequence', optional: true },
});
fields(SigningCertificateV2, {
  certs: { type: EssCertIdV2, repeated: 'sequence' },
  policies: { type: PolicyInformation, repeated: 'sequence', optional: true },
});

/** The token or response is not what it must be: the TSA's (or an attacker's) fault. */
export class TimestampError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TimestampError';
  }
}

export interface TimestampRequest {
  der: Uint8Array;
  nonce: Uint8Array;
}

/** §2.4.1: a request over SHA-256 of `data`, with a fresh 8-byte nonce. */
export function timestampRequest(data: Uint8Array): TimestampRequest {
  const nonce = randomBytes(8);
  nonce[0]! &= 0x7f; // a positive INTEGER without a leading zero byte
  nonce[0]! |= 0x01;
  const request = new TimeStampReq({
    version: 1,
    messageImprint: new MessageImprint({
      hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha256, parameters: null }),
      hashedMessage: new OctetString(createHash('sha256').update(data).digest()),
    }),
    nonce: toArrayBuffer(nonce),
    certReq: true,
  });
  return { der: new Uint8Array(AsnConvert.serialize(request)), nonce: new Uint8Array(nonce) };
}

/** §2.4.2: the token of a granted response. */
export function tokenOfResponse(der: Uint8Array): Uint8Array {
  let response: TimeStampResp;
  try {
    response = AsnConvert.parse(der, TimeStampResp);
  } catch {
    throw new TimestampError('the TSA answer is not a TimeStampResp');
  }
  const status = response.status.status;
  if (status !== PKIStatus.granted && status !== PKIStatus.grantedWithMods) {
    throw new TimestampError(`the TSA refused the request (status ${status})`);
  }
  if (!response.timeStampToken) throw new TimestampError('the TSA granted the request without a token');
  return new Uint8Array(AsnConvert.serialize(response.timeStampToken));
}

export interface VerifiedTimestamp {
  genTime: Date;
  /** The TSA certificate that signed the token (PEM). */
  signerCertificatePem: string;
  serialNumber: string;
}

/** The checks in the module header, on a DER TimeStampToken over `data`. */
export function verifyTimestampToken(
  token: Uint8Array,
  data: Uint8Array,
  options: { nonce?: Uint8Array; trustedCertificatePem?: string } = {},
): VerifiedTimestamp {
  let signed: SignedData;
  try {
    const info = AsnConvert.parse(token, ContentInfo);
    if (info.contentType !== id_signedData) throw new Error();
    signed = AsnConvert.parse(info.content, SignedData);
  } catch {
    throw new TimestampError('the token is not a CMS SignedData');
  }
  const content = signed.encapContentInfo;
  // RFC 5652 §5.2: eContent is an OCTET STRING. Anything else (which the schema library keeps as
  // `any`) is refused, as the offline script refuses it.
  const eContent = content.eContent?.single?.buffer;
  if (content.eContentType !== OID.tstInfo || !eContent)
    throw new TimestampError('the token does not hold a TSTInfo');
  const tstBytes = new Uint8Array(eContent);
  let tst: TSTInfo;
  try {
    tst = AsnConvert.parse(tstBytes, TSTInfo);
  } catch {
    throw new TimestampError('the TSTInfo is malformed');
  }
  const imprintAlgorithm = DIGESTS[tst.messageImprint.hashAlgorithm.algorithm];
  if (!imprintAlgorithm) throw new TimestampError('the imprint uses an unknown hash algorithm');
  const expected = createHash(imprintAlgorithm).update(data).digest();
  if (!expected.equals(Buffer.from(tst.messageImprint.hashedMessage.buffer))) {
    throw new TimestampError('the token is over other data (its imprint differs)');
  }
  if (options.nonce && (!tst.nonce || !Buffer.from(tst.nonce).equals(Buffer.from(options.nonce)))) {
    throw new TimestampError('the token does not carry the nonce sent');
  }
  if (signed.signerInfos.length !== 1) throw new TimestampError('the token must have exactly one signer');
  const signer = signed.signerInfos[0]!;
  const digestName = DIGESTS[signer.digestAlgorithm.algorithm];
  if (!digestName || !signer.signedAttrs) {
    throw new TimestampError('the token has no signed attributes or an unknown digest');
  }
  const attribute = (oid: string) => {
    const found = signer.signedAttrs!.filter((a) => a.attrType === oid);
    if (found.length !== 1 || found[0]!.attrValues.length !== 1)
      throw new TimestampError(`signed attribute ${oid} missing`);
    return new Uint8Array(found[0]!.attrValues[0]!);
  };
  if (Buffer.from(attribute(OID.contentType)).toString('hex') !== TST_INFO_OID_DER) {
    throw new TimestampError('the signed content type is not TSTInfo');
  }
  const digest = AsnConvert.parse(attribute(OID.messageDigest), OctetString);
  if (!createHash(digestName).update(tstBytes).digest().equals(Buffer.from(digest.buffer))) {
    throw new TimestampError('the signed digest does not match the TSTInfo');
  }
  // RFC 5652 §5.4: the signature is over the DER of the attributes with an explicit SET OF tag. The
  // schema library re-encodes the parsed attributes in their order, each value as the bytes read,
  // which is the signed DER. (@peculiar/asn1-schema 2.11 keeps no raw bytes for a repeated field, so
  // that re-encoding is what runs; test/unit/rfc3161.test.ts holds it to OpenSSL's tokens at each
  // DER length form.)
  const signedAttributes = signer.signedAttrsRaw
    ? new Uint8Array(signer.signedAttrsRaw)
    : setOf(signer.signedAttrs.map((a) => new Uint8Array(AsnConvert.serialize(a))));
  signedAttributes[0] = 0x31;

  const trusted = options.trustedCertificatePem
    ? new X509Certificate(options.trustedCertificatePem)
    : undefined;
  const candidates = (signed.certificates ?? [])
    .filter((c) => c.certificate)
    .map((c) => new X509Certificate(Buffer.from(AsnConvert.serialize(c.certificate!))));
  if (trusted) candidates.push(trusted);
  const sid = signer.sid.issuerAndSerialNumber;
  const serial = sid ? serialHex(sid.serialNumber) : null;
  const matching = candidates.filter((c) => serial === null || serialHex(c.serialNumber) === serial);
  const certificate = matching.find((c) =>
    checkSignature(
      signer.signatureAlgorithm.algorithm,
      digestName,
      signedAttributes,
      c,
      new Uint8Array(signer.signature.buffer),
    ),
  );
  if (!certificate) throw new TimestampError('the token signature does not verify with the TSA certificate');
  if (!(certificate.keyUsage ?? []).includes(OID.timeStamping)) {
    throw new TimestampError('the signing certificate is not for time stamping');
  }
  const genTime = tst.genTime;
  if (genTime < new Date(certificate.validFrom) || genTime > new Date(certificate.validTo)) {
    throw new TimestampError('the signing certificate was not valid at the stated time');
  }
  if (trusted && certificate.fingerprint256 !== trusted.fingerprint256) {
    if (!certificate.checkIssued(trusted) || !certificate.verify(trusted.publicKey)) {
      throw new TimestampError('the signing certificate is not the trusted TSA certificate or issued by it');
    }
  }
  checkSigningCertificate(signer.signedAttrs, certificate);
  return {
    genTime,
    signerCertificatePem: certificate.toString(),
    serialNumber: Buffer.from(tst.serialNumber).toString('hex'),
  };
}

/**
 * RFC 3161 §2.4.2 (with RFC 5816 §2.2.1): the TSA names its certificate in an ESS signing-certificate
 * attribute, SigningCertificate (RFC 2634 §5.4, a SHA-1 certHash) or SigningCertificateV2 (RFC 5035
 * §3, its hashAlgorithm, by default SHA-256). Each may occur once, with one value (RFC 2634 §5.4, RFC
 * 5035 §3); a TSA may send both, and then both must hold, as OpenSSL and .NET check them. The first
 * ESSCertID must be the certificate whose key verified the signature (RFC 2634 §5.4): the same DER,
 * so that another certificate for the same key (re-issued, with other usages or validity) cannot be
 * put in its place; and when it names an issuerSerial, that certificate's issuer and serial number.
 */
function checkSigningCertificate(attributes: Attribute[], certificate: X509Certificate): void {
  const found = attributes.filter(
    (a) => a.attrType === OID.signingCertificate || a.attrType === OID.signingCertificateV2,
  );
  if (found.length === 0) throw new TimestampError('the token has no ESS signing-certificate attribute');
  const types = new Set(found.map((a) => a.attrType));
  if (types.size !== found.length || found.some((a) => a.attrValues.length !== 1)) {
    throw new TimestampError('an ESS signing-certificate attribute is repeated or has not one value');
  }
  for (const attribute of found) checkEssCertId(attribute, certificate);
}

function checkEssCertId(attribute: Attribute, certificate: X509Certificate): void {
  const v2 = attribute.attrType === OID.signingCertificateV2;
  const malformed = 'the ESS signing-certificate attribute is malformed';
  let signing: SigningCertificate | SigningCertificateV2;
  try {
    const value = attribute.attrValues[0]!;
    signing = v2
      ? AsnConvert.parse(value, SigningCertificateV2)
      : AsnConvert.parse(value, SigningCertificate);
  } catch {
    throw new TimestampError(malformed);
  }
  const id = signing.certs?.[0];
  if (!id) throw new TimestampError(malformed);
  // RFC 5035 §3: hashAlgorithm DEFAULT id-sha256.
  const hashName = v2 ? DIGESTS[(id as EssCertIdV2).hashAlgorithm?.algorithm ?? OID.sha256] : 'sha1';
  if (!hashName)
    throw new TimestampError('the ESS signing-certificate attribute uses an unknown hash algorithm');
  if (!createHash(hashName).update(certificate.raw).digest().equals(Buffer.from(id.certHash.buffer))) {
    throw new TimestampError('the ESS signing-certificate attribute names another certificate');
  }
  if (!id.issuerSerial) return;
  // IssuerSerial: one GeneralName, the directoryName of the certificate's issuer (as OpenSSL and
  // .NET require), and its serial number.
  const names = id.issuerSerial.issuer;
  const issuer = names.length === 1 ? names[0]!.directoryName : undefined;
  const derOf = (name: Name) => Buffer.from(AsnConvert.serialize(name));
  if (
    !issuer ||
    !derOf(issuer).equals(derOf(AsnConvert.parse(certificate.raw, Certificate).tbsCertificate.issuer)) ||
    serialHex(id.issuerSerial.serialNumber) !== serialHex(certificate.serialNumber)
  ) {
    throw new TimestampError('the ESS signing-certificate attribute names another issuer or serial number');
  }
}

/** A serial number as hex digits without leading zeros (the DER sign byte, node's zero nibble). */
function serialHex(serial: ArrayBuffer | string): string {
  // node prints a certificate's serial in upper case, Buffer in lower case.
  const digits = typeof serial === 'string' ? serial.toLowerCase() : Buffer.from(serial).toString('hex');
  return digits.replace(/^0+/, '');
}

/** The signature algorithms a TSA uses in practice: RSA PKCS#1 v1.5, ECDSA and Ed25519. */
function checkSignature(
  algorithm: string,
  digestName: string,
  data: Uint8Array,
  certificate: X509Certificate,
  signature: Uint8Array,
): boolean {
  const hashOf: Record<string, string | null> = {
    [OID.rsaEncryption]: digestName,
    [OID.sha256WithRsa]: 'sha256',
    [OID.sha384WithRsa]: 'sha384',
    [OID.sha512WithRsa]: 'sha512',
    [OID.ecdsaSha256]: 'sha256',
    [OID.ecdsaSha384]: 'sha384',
    [OID.ecdsaSha512]: 'sha512',
    [OID.ed25519]: null,
  };
  if (!(algorithm in hashOf)) return false;
  try {
    return verifySignature(hashOf[algorithm] ?? null, data, certificate.publicKey, signature);
  } catch {
    return false;
  }
}

/** DER SET OF around already encoded elements (tag 0x31 and a definite length). */
function setOf(elements: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(elements);
  const n = body.length;
  const length =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return new Uint8Array(Buffer.concat([Uint8Array.of(0x31, ...length), body]));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
