/**
 * RFC 3161 timestamps (src/audit/rfc3161.ts) against known answers made by OpenSSL
 * (test/vectors/rfc3161.json; test/vectors/README.md says how each was made): every token is
 * checked by the service's verifier and by the offline script's (scripts/verify-export.mjs), which
 * must agree with each other and with the recorded outcome. Then genuine tokens altered one field at
 * a time, each refused for its own reason, so that every check of the module is shown to matter;
 * the ESS signing-certificate attribute changed and signed again with the TSA's key; and the request
 * the service sends, read back with the ASN.1 schemas and against its DER layout.
 */
import { createHash, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  EncapsulatedContent,
  OtherCertificateFormat,
  SignedData,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { TimeStampReq, TSTInfo } from '@peculiar/asn1-tsp';
import { Certificate } from '@peculiar/asn1-x509';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as offline from '../../scripts/verify-export.mjs';
import {
  TimestampError,
  timestampRequest,
  tokenOfResponse,
  verifyTimestampToken,
} from '../../src/audit/rfc3161.js';

// The request's nonce comes from randomBytes; two tests replace it to reach its first byte's edges.
const random = vi.hoisted(() => ({ fixed: null as number | null }));
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  return {
    ...crypto,
    randomBytes: (n: number) =>
      random.fixed === null ? crypto.randomBytes(n) : Buffer.alloc(n, random.fixed),
  };
});
afterEach(() => {
  random.fixed = null;
});

interface Check {
  trusted: string | null;
  expect: string;
  /** The offline script's reason, where it words the refusal otherwise. */
  script?: string;
  openssl?: string;
}
interface TokenVector {
  name: string;
  what: string;
  signer: string | null;
  certificateInToken: boolean;
  data: string;
  token: string;
  genTime: string;
  serialNumber: string;
  nonce: string | null;
  checks: Check[];
}
interface ResponseVector {
  name: string;
  what: string;
  response: string;
  status: number | null;
  token: string | null;
  expect: string;
}
const vectors = JSON.parse(readFileSync(new URL('../vectors/rfc3161.json', import.meta.url), 'utf8')) as {
  certificates: Record<string, string>;
  keys: Record<string, string>;
  tokens: TokenVector[];
  responses: ResponseVector[];
};
const certificate = (name: string | null) => {
  if (name === null) return undefined;
  const pem = vectors.certificates[name];
  if (!pem) throw new Error(`no certificate ${name} in the vectors`);
  return pem;
};
const tokenVector = (name: string) => {
  const found = vectors.tokens.find((t) => t.name === name);
  if (!found) throw new Error(`no token ${name} in the vectors`);
  return found;
};

const R = {
  notSignedData: 'the token is not a CMS SignedData',
  noTstInfo: 'the token does not hold a TSTInfo',
  malformed: 'the TSTInfo is malformed',
  imprintAlgorithm: 'the imprint uses an unknown hash algorithm',
  imprint: 'the token is over other data (its imprint differs)',
  nonce: 'the token does not carry the nonce sent',
  signers: 'the token must have exactly one signer',
  attributes: 'the token has no signed attributes or an unknown digest',
  contentTypeMissing: 'signed attribute 1.2.840.113549.1.9.3 missing',
  messageDigestMissing: 'signed attribute 1.2.840.113549.1.9.4 missing',
  contentType: 'the signed content type is not TSTInfo',
  digest: 'the signed digest does not match the TSTInfo',
  signature: 'the token signature does not verify with the TSA certificate',
  notTimeStamping: 'the signing certificate is not for time stamping',
  validity: 'the signing certificate was not valid at the stated time',
  notTrusted: 'the signing certificate is not the trusted TSA certificate or issued by it',
  essMissing: 'the token has no ESS signing-certificate attribute',
  essRepeated: 'an ESS signing-certificate attribute is repeated or has not one value',
  essMalformed: 'the ESS signing-certificate attribute is malformed',
  essAlgorithm: 'the ESS signing-certificate attribute uses an unknown hash algorithm',
  essHash: 'the ESS signing-certificate attribute names another certificate',
  essIssuerSerial: 'the ESS signing-certificate attribute names another issuer or serial number',
};

const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

/** The service's verdict: 'ok' or the TimestampError's reason (any other error fails the test). */
function service(
  token: Uint8Array,
  data: Uint8Array,
  options: { nonce?: Uint8Array; trustedCertificatePem?: string } = {},
): string {
  try {
    verifyTimestampToken(token, data, options);
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(TimestampError);
    expect((error as Error).name).toBe('TimestampError');
    return (error as Error).message;
  }
}
/** The offline script's verdict: 'ok' or its error's message. */
function script(token: Uint8Array, data: Uint8Array, trustedCertificatePem?: string): string {
  try {
    offline.verifyTimestampToken(token, data, trustedCertificatePem);
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('RFC 3161 known answers from OpenSSL (test/vectors/rfc3161.json)', () => {
  const cases = vectors.tokens.flatMap((vector) =>
    vector.checks.map((check) => ({
      vector,
      check,
      label: `${vector.name}, trusting ${check.trusted ?? 'nothing'}`,
    })),
  );

  it('holds the cases the module must tell apart', () => {
    const outcomes = new Set(cases.map((c) => c.check.expect));
    for (const reason of [
      R.signature,
      R.notTimeStamping,
      R.validity,
      R.notTrusted,
      R.signers,
      R.essMissing,
      R.essHash,
      'ok',
    ])
      expect(outcomes).toContain(reason);
    const names = vectors.tokens.map((t) => t.name);
    for (const name of [
      'rsa-sha256',
      'rsa-nocert',
      'p256-sha256',
      'p384-sha384',
      'ed25519',
      'self-signed',
      'foreign',
      'rsa-ess-sha1',
      'rsa-ess-chain',
      'cms-cades',
    ])
      expect(names).toContain(name);
    // Both versions of the ESS attribute (RFC 2634 §5.4, RFC 5035 §3), with and without issuerSerial:
    // SEQUENCE { SEQUENCE OF { ESSCertID { OCTET STRING certHash [, IssuerSerial] } } }.
    const essOf = (name: string) =>
      AsnConvert.parse(AsnConvert.parse(bytes(tokenVector(name).token), ContentInfo).content, SignedData)
        .signerInfos[0]!.signedAttrs!.filter((a) => a.attrType.startsWith('1.2.840.113549.1.9.16.2.'))
        .map((a) => `${a.attrType} ${Buffer.from(a.attrValues[0]!).toString('hex')}`);
    expect(essOf('rsa-ess-sha1')).toEqual([
      expect.stringMatching(/^1\.2\.840\.113549\.1\.9\.16\.2\.12 301a301830160414[0-9a-f]{40}$/),
    ]);
    expect(essOf('rsa-sha256')).toEqual([
      expect.stringMatching(/^1\.2\.840\.113549\.1\.9\.16\.2\.47 3026302430220420[0-9a-f]{64}$/),
    ]);
    expect(essOf('cms-cades')).toEqual([
      expect.stringMatching(/^1\.2\.840\.113549\.1\.9\.16\.2\.47 30..30..30..0420[0-9a-f]{64}30/),
    ]);
    // The signed attributes are DER-encoded again before their signature is checked: the vectors
    // hold each length form, and the edges of the one-, two- and three-byte forms. (The tokens under
    // 128 bytes and at 128 lack the ESS attribute, which is checked after the signature: their
    // recorded refusal for that shows that their signature verified.)
    const lengths = new Set(
      vectors.tokens.map((t) =>
        AsnConvert.parse(AsnConvert.parse(bytes(t.token), ContentInfo).content, SignedData)
          .signerInfos[0]!.signedAttrs!.map((a) => AsnConvert.serialize(a).byteLength)
          .reduce((sum, n) => sum + n, 0),
      ),
    );
    expect(lengths).toContain(128);
    expect(lengths).toContain(256);
    expect(lengths).toContain(65536);
    expect([...lengths].some((n) => n < 128)).toBe(true);
    expect([...lengths].some((n) => n > 128 && n < 256)).toBe(true);
    expect([...lengths].some((n) => n > 256)).toBe(true);
  });

  it.each(cases)('$label: both verifiers give the recorded outcome', ({ vector, check }) => {
    const token = bytes(vector.token);
    const data = utf8(vector.data);
    const trusted = certificate(check.trusted);
    expect(service(token, data, { trustedCertificatePem: trusted })).toBe(check.expect);
    expect(script(token, data, trusted)).toBe(check.script ?? check.expect);
  });

  it('accepts nothing OpenSSL refused, but for two differences by design, and everything it accepted', () => {
    const byDesign: Record<string, string> = {
      // OpenSSL wants a chain up to a self-signed root; the service also trusts a configured TSA
      // certificate itself.
      'rsa-sha256 trusting tsa-rsa': 'a trusted TSA certificate that is not a root',
    };
    for (const { vector, check } of cases) {
      if (check.openssl === undefined) continue;
      if (check.openssl === 'OK') expect(check.expect).toBe('ok');
      else if (check.expect === 'ok')
        expect(Object.keys(byDesign)).toContain(`${vector.name} trusting ${check.trusted}`);
    }
  });

  it.each(cases.filter((c) => c.check.expect === 'ok'))(
    '$label: both read OpenSSL’s genTime, serial number and signer',
    ({ vector, check }) => {
      const token = bytes(vector.token);
      const data = utf8(vector.data);
      const trusted = certificate(check.trusted);
      const signerPem = vector.certificateInToken ? certificate(vector.signer) : trusted;
      const signer = new X509Certificate(signerPem!);
      const verified = verifyTimestampToken(token, data, { trustedCertificatePem: trusted });
      expect(verified.genTime.toISOString()).toBe(vector.genTime);
      expect(verified.serialNumber).toBe(vector.serialNumber);
      expect(new X509Certificate(verified.signerCertificatePem).fingerprint256).toBe(signer.fingerprint256);
      const read = offline.verifyTimestampToken(token, data, trusted);
      expect(read.genTime.toISOString()).toBe(vector.genTime);
      expect(read.signer).toBe(signer.subject);
    },
  );

  it.each(vectors.tokens.filter((t) => t.nonce !== null && t.checks.some((c) => c.expect === 'ok')))(
    '$name: the nonce sent is found, another is not',
    (vector) => {
      const token = bytes(vector.token);
      const data = utf8(vector.data);
      const trustedCertificatePem = certificate(vector.checks.find((c) => c.expect === 'ok')!.trusted);
      const nonce = hex(vector.nonce!);
      expect(service(token, data, { nonce, trustedCertificatePem })).toBe('ok');
      const other = Uint8Array.from(nonce);
      other[7]! ^= 1;
      expect(service(token, data, { nonce: other, trustedCertificatePem })).toBe(R.nonce);
      expect(service(token, data, { nonce: nonce.subarray(0, 7), trustedCertificatePem })).toBe(R.nonce);
    },
  );

  it('a token without a nonce is refused when one was sent, and verifies when none was', () => {
    const vector = tokenVector('rsa-no-nonce');
    const options = { trustedCertificatePem: certificate('ca') };
    expect(service(bytes(vector.token), utf8(vector.data), options)).toBe('ok');
    expect(
      service(bytes(vector.token), utf8(vector.data), { ...options, nonce: hex('0102030405060708') }),
    ).toBe(R.nonce);
  });

  it.each(vectors.responses)('response $name: tokenOfResponse gives the token or the reason', (vector) => {
    const response = bytes(vector.response);
    if (vector.expect === 'ok') {
      expect(Buffer.from(tokenOfResponse(response))).toEqual(Buffer.from(vector.token!, 'base64'));
    } else {
      expect(() => tokenOfResponse(response)).toThrow(new TimestampError(vector.expect));
      expect(() => tokenOfResponse(response)).toThrow(TimestampError);
    }
  });

  it('a response that is not DER at all is refused', () => {
    expect(() => tokenOfResponse(utf8('not a response'))).toThrow(
      new TimestampError('the TSA answer is not a TimeStampResp'),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Genuine tokens changed one field at a time. The token is parsed with the ASN.1 schemas, one field
// changed, and the whole written again; unchanged, that gives back OpenSSL's bytes exactly.
// ---------------------------------------------------------------------------------------------

const genuine = tokenVector('rsa-sha256');
const TOKEN = bytes(genuine.token);
const DATA = utf8(genuine.data);
const CA = certificate('ca')!;

function altered(token: Uint8Array, edit: (signed: SignedData, info: ContentInfo) => void): Uint8Array {
  const info = AsnConvert.parse(token, ContentInfo);
  const signed = AsnConvert.parse(info.content, SignedData);
  edit(signed, info);
  info.content = AsnConvert.serialize(signed);
  return new Uint8Array(AsnConvert.serialize(info));
}
const tstOf = (signed: SignedData) => AsnConvert.parse(signed.encapContentInfo.eContent!.single!, TSTInfo);
const withTst = (signed: SignedData, edit: (tst: TSTInfo) => void) => {
  const tst = tstOf(signed);
  edit(tst);
  signed.encapContentInfo.eContent = new EncapsulatedContent({
    single: new OctetString(AsnConvert.serialize(tst)),
  });
};
const signerOf = (signed: SignedData) => signed.signerInfos[0]!;
const attributeOf = (signed: SignedData, oid: string) =>
  signerOf(signed).signedAttrs!.find((a) => a.attrType === oid)!;
const OID = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  data: '1.2.840.113549.1.7.1',
  sha1: '1.3.14.3.2.26',
  sha512: '2.16.840.1.101.3.4.2.3',
  md5WithRsa: '1.2.840.113549.1.1.4',
};
/** DER of OBJECT IDENTIFIER id-data. */
const ID_DATA_DER = hex('06092a864886f70d010701');
const flip = (buffer: ArrayBuffer, at: number) => {
  const copy = new Uint8Array(buffer.slice(0));
  copy[at]! ^= 0x01;
  return copy.buffer;
};

/** The service refuses for `reason`; the offline script refuses too, for `scriptReason` when given. */
function refused(token: Uint8Array, reason: string, scriptReason?: string, data = DATA) {
  expect(service(token, data, { trustedCertificatePem: CA })).toBe(reason);
  const offlineVerdict = script(token, data, CA);
  expect(offlineVerdict).not.toBe('ok');
  if (scriptReason) expect(offlineVerdict).toBe(scriptReason);
}

describe('a genuine token altered one field at a time', () => {
  it('unaltered, it is written back byte for byte and verifies', () => {
    const same = altered(TOKEN, () => {});
    expect(Buffer.from(same)).toEqual(Buffer.from(TOKEN));
    expect(service(same, DATA, { trustedCertificatePem: CA })).toBe('ok');
  });

  it('content type of the ContentInfo, or bytes that are no ContentInfo: not a SignedData', () => {
    const info = AsnConvert.parse(TOKEN, ContentInfo);
    info.contentType = OID.data;
    refused(new Uint8Array(AsnConvert.serialize(info)), R.notSignedData, R.notSignedData);
    expect(service(utf8('not a token'), DATA)).toBe(R.notSignedData);
    expect(service(TOKEN.subarray(0, 100), DATA)).toBe(R.notSignedData);
  });

  it('encapsulated content: another type, none, or no TSTInfo in it', () => {
    refused(
      altered(TOKEN, (s) => {
        s.encapContentInfo.eContentType = OID.data;
      }),
      R.noTstInfo,
      R.noTstInfo,
    );
    refused(
      altered(TOKEN, (s) => {
        s.encapContentInfo.eContent = undefined;
      }),
      R.noTstInfo,
    );
    refused(
      altered(TOKEN, (s) => {
        s.encapContentInfo.eContent = new EncapsulatedContent({ single: new OctetString(hex('0500')) });
      }),
      R.malformed,
    );
  });

  it('encapsulated content that is the TSTInfo itself, not an OCTET STRING holding it: no TSTInfo', () => {
    // RFC 5652 §5.2: eContent is an OCTET STRING. The schema library reads anything else as `any`.
    const token = altered(TOKEN, (s) => {
      s.encapContentInfo.eContent = new EncapsulatedContent({
        any: s.encapContentInfo.eContent!.single!.buffer,
      });
    });
    refused(token, R.noTstInfo);
  });

  it('imprint: one bit of the hash, another hash algorithm, an unknown one', () => {
    refused(
      altered(TOKEN, (s) =>
        withTst(s, (t) => {
          t.messageImprint.hashedMessage = new OctetString(flip(t.messageImprint.hashedMessage.buffer, 31));
        }),
      ),
      R.imprint,
      R.imprint,
    );
    refused(
      altered(TOKEN, (s) =>
        withTst(s, (t) => {
          t.messageImprint.hashAlgorithm.algorithm = OID.sha512;
        }),
      ),
      R.imprint,
      R.imprint,
    );
    refused(
      altered(TOKEN, (s) =>
        withTst(s, (t) => {
          t.messageImprint.hashAlgorithm.algorithm = OID.sha1;
        }),
      ),
      R.imprintAlgorithm,
      R.imprintAlgorithm,
    );
  });

  it('TSTInfo changed with the imprint kept (serial number, genTime): the signed digest no longer matches', () => {
    refused(
      altered(TOKEN, (s) =>
        withTst(s, (t) => {
          t.serialNumber = flip(t.serialNumber, 0);
        }),
      ),
      R.digest,
      R.digest,
    );
    refused(
      altered(TOKEN, (s) =>
        withTst(s, (t) => {
          t.genTime = new Date(t.genTime.getTime() - 86_400_000);
        }),
      ),
      R.digest,
      R.digest,
    );
  });

  it('signers: none, or two', () => {
    refused(
      altered(TOKEN, (s) => {
        s.signerInfos = new SignerInfos([]);
      }),
      R.signers,
      R.signers,
    );
    refused(
      altered(TOKEN, (s) => {
        s.signerInfos = new SignerInfos([signerOf(s), signerOf(s)]);
      }),
      R.signers,
      R.signers,
    );
  });

  it('the signer’s digest algorithm unknown, or no signed attributes', () => {
    refused(
      altered(TOKEN, (s) => {
        signerOf(s).digestAlgorithm.algorithm = OID.sha1;
      }),
      R.attributes,
      R.attributes,
    );
    refused(
      altered(TOKEN, (s) => {
        signerOf(s).signedAttrs = undefined;
      }),
      R.attributes,
      R.attributes,
    );
  });

  it('content type attribute: missing, twice, two values, another type', () => {
    const without = (s: SignedData, oid: string) => {
      signerOf(s).signedAttrs = signerOf(s).signedAttrs!.filter((a) => a.attrType !== oid);
    };
    refused(
      altered(TOKEN, (s) => without(s, OID.contentType)),
      R.contentTypeMissing,
      R.contentType,
    );
    refused(
      altered(TOKEN, (s) => {
        signerOf(s).signedAttrs!.push(attributeOf(s, OID.contentType));
      }),
      R.contentTypeMissing,
    );
    refused(
      altered(TOKEN, (s) => {
        const a = attributeOf(s, OID.contentType);
        a.attrValues = [a.attrValues[0]!, a.attrValues[0]!];
      }),
      R.contentTypeMissing,
      R.contentType,
    );
    refused(
      altered(TOKEN, (s) => {
        attributeOf(s, OID.contentType).attrValues = [ID_DATA_DER.buffer];
      }),
      R.contentType,
      R.contentType,
    );
  });

  it('message digest attribute: missing, no value, one bit changed', () => {
    refused(
      altered(TOKEN, (s) => {
        signerOf(s).signedAttrs = signerOf(s).signedAttrs!.filter((a) => a.attrType !== OID.messageDigest);
      }),
      R.messageDigestMissing,
      R.digest,
    );
    refused(
      altered(TOKEN, (s) => {
        attributeOf(s, OID.messageDigest).attrValues = [];
      }),
      R.messageDigestMissing,
    );
    refused(
      altered(TOKEN, (s) => {
        const a = attributeOf(s, OID.messageDigest);
        a.attrValues = [flip(a.attrValues[0]!, 10)];
      }),
      R.digest,
      R.digest,
    );
  });

  it('signature: one bit, another signed attribute, an unknown or another signature algorithm', () => {
    refused(
      altered(TOKEN, (s) => {
        signerOf(s).signature = new OctetString(flip(signerOf(s).signature.buffer, 100));
      }),
      R.signature,
      R.signature,
    );
    refused(
      altered(TOKEN, (s) => {
        const a = attributeOf(s, OID.signingTime);
        a.attrValues = [flip(a.attrValues[0]!, 5)];
      }),
      R.signature,
      R.signature,
    );
    // md5WithRSAEncryption is not accepted, though node would verify the SHA-256 signature with
    // an RSA key and no named hash (its default digest).
    refused(
      altered(TOKEN, (s) => {
        signerOf(s).signatureAlgorithm.algorithm = OID.md5WithRsa;
      }),
      R.signature,
      'unknown signature algorithm',
    );
    // sha512WithRSAEncryption over a SHA-256 signature.
    refused(
      altered(TOKEN, (s) => {
        signerOf(s).signatureAlgorithm.algorithm = '1.2.840.113549.1.1.13';
      }),
      R.signature,
      R.signature,
    );
  });

  it('the signer identifier names another serial number: no certificate is tried, by both', () => {
    const token = altered(TOKEN, (s) => {
      const sid = signerOf(s).sid.issuerAndSerialNumber!;
      sid.serialNumber = flip(sid.serialNumber, sid.serialNumber.byteLength - 1);
    });
    refused(token, R.signature, R.signature);
    // The serial number written without its DER sign byte (8A01 is 00 8A 01): still that serial.
    const unsigned = altered(TOKEN, (s) => {
      const sid = signerOf(s).sid.issuerAndSerialNumber!;
      expect(Buffer.from(sid.serialNumber).toString('hex')).toBe('008a01');
      sid.serialNumber = hex('8a01').buffer;
    });
    expect(service(unsigned, DATA, { trustedCertificatePem: CA })).toBe('ok');
    expect(script(unsigned, DATA, CA)).toBe('ok');
  });

  it('a certificate of another format beside the TSA’s (RFC 5652 §10.2.2) is passed over', () => {
    const token = altered(TOKEN, (s) => {
      s.certificates = new CertificateSet([
        new CertificateChoices({
          other: new OtherCertificateFormat({ otherCertFormat: '1.2.3.4.5', otherCert: hex('0500').buffer }),
        }),
        ...s.certificates!,
      ]);
    });
    expect(service(token, DATA, { trustedCertificatePem: CA })).toBe('ok');
  });

  it('an Ed25519 signature said to be ECDSA: node refuses the hash with that key, and the token is refused', () => {
    const ed25519 = tokenVector('ed25519');
    const token = altered(bytes(ed25519.token), (s) => {
      signerOf(s).signatureAlgorithm.algorithm = '1.2.840.10045.4.3.2';
    });
    const trusted = certificate('tsa-ed25519')!;
    expect(service(token, DATA, { trustedCertificatePem: trusted })).toBe(R.signature);
    expect(script(token, DATA, trusted)).toBe(R.signature);
  });

  it('the certificates in the token replaced by another TSA’s: the trusted CA’s key does not verify either', () => {
    const foreign = AsnConvert.parse(
      AsnConvert.parse(bytes(tokenVector('foreign').token), ContentInfo).content,
      SignedData,
    );
    refused(
      altered(TOKEN, (s) => {
        s.certificates = foreign.certificates;
      }),
      R.signature,
      R.signature,
    );
  });

  it('property: any change of one byte of the data is refused as other data, by both', () => {
    fc.assert(
      fc.property(fc.nat({ max: DATA.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        const data = Uint8Array.from(DATA);
        data[at] = (data[at]! + delta) % 256;
        expect(service(TOKEN, data, { trustedCertificatePem: CA })).toBe(R.imprint);
        expect(script(TOKEN, data, CA)).toBe(R.imprint);
      }),
      { numRuns: 200 },
    );
  });

  it('property: any one bit of the signature changed is refused, by both', () => {
    const signature = AsnConvert.parse(AsnConvert.parse(TOKEN, ContentInfo).content, SignedData)
      .signerInfos[0]!.signature.buffer;
    fc.assert(
      fc.property(fc.nat({ max: signature.byteLength * 8 - 1 }), (bit) => {
        const token = altered(TOKEN, (s) => {
          const copy = new Uint8Array(signature.slice(0));
          copy[bit >> 3]! ^= 1 << (bit & 7);
          signerOf(s).signature = new OctetString(copy);
        });
        expect(service(token, DATA, { trustedCertificatePem: CA })).toBe(R.signature);
        expect(script(token, DATA, CA)).toBe(R.signature);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The ESS signing-certificate attribute (RFC 3161 §2.4.2; RFC 2634 §5.4, RFC 5035 §3). It is checked
// after the signature, so a changed attribute is signed again with the TSA's key (recorded in the
// vectors for this): what is refused is then the attribute, not the signature.
// ---------------------------------------------------------------------------------------------

const ESS = { v1: '1.2.840.113549.1.9.16.2.12', v2: '1.2.840.113549.1.9.16.2.47' };
const TSA = new X509Certificate(certificate('tsa-rsa')!);
const TSA_KEY = vectors.keys['tsa-rsa']!;
/** DER of OBJECT IDENTIFIER sha1, sha256, sha384 and of an unknown 1.2.3.4. */
const ALGORITHM = {
  sha1: '06052b0e03021a',
  sha256: '0609608648016503040201',
  sha384: '0609608648016503040202',
};

/** DER: `tag` and a definite length around the parts (hex or bytes). */
function der(tag: number, ...parts: (Uint8Array | string)[]): Uint8Array {
  const body = Buffer.concat(parts.map((p) => (typeof p === 'string' ? hex(p) : p)));
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return new Uint8Array(Buffer.concat([Uint8Array.of(tag, ...length), body]));
}
const hashOf = (name: string, certificatePem: string) =>
  new Uint8Array(createHash(name).update(new X509Certificate(certificatePem).raw).digest());
/** IssuerSerial { GeneralNames { directoryName: the TSA's issuer }, serialNumber (INTEGER content) }. */
const issuerSerial = (serialHex: string) =>
  der(
    0x30,
    der(
      0x30,
      der(
        0xa4,
        new Uint8Array(AsnConvert.serialize(AsnConvert.parse(TSA.raw, Certificate).tbsCertificate.issuer)),
      ),
    ),
    der(0x02, serialHex),
  );
/** ESSCertID / ESSCertIDv2: [hashAlgorithm,] certHash [, issuerSerial]. */
const certId = (hash: Uint8Array, { algorithm, serial }: { algorithm?: string; serial?: string } = {}) =>
  der(0x30, algorithm ? der(0x30, algorithm) : '', der(0x04, hash), serial ? issuerSerial(serial) : '');
/** SigningCertificate(V2) { certs SEQUENCE OF ESSCertID(v2) [, policies] }. */
const signingCertificate = (ids: Uint8Array[], policies = '') => der(0x30, der(0x30, ...ids), policies);
const essAttribute = (type: string, ...values: Uint8Array[]) =>
  new Attribute({ attrType: type, attrValues: values.map((v) => Uint8Array.from(v).buffer) });
const isEss = (a: Attribute) => a.attrType === ESS.v1 || a.attrType === ESS.v2;

/** The genuine token with its signed attributes changed, and signed again by the TSA's key. */
function resigned(edit: (attributes: Attribute[]) => Attribute[]): Uint8Array {
  return altered(TOKEN, (s) => {
    const signer = signerOf(s);
    const attributes = edit([...signer.signedAttrs!]);
    signer.signedAttrs = attributes as typeof signer.signedAttrs;
    const signedDer = der(0x31, ...attributes.map((a) => new Uint8Array(AsnConvert.serialize(a))));
    signer.signature = new OctetString(new Uint8Array(sign('sha256', signedDer, TSA_KEY)));
  });
}
/** The genuine token with its ESS attribute replaced by `attributes` (none, one or more). */
const withEss = (...attributes: Attribute[]) =>
  resigned((all) => [...all.filter((a) => !isEss(a)), ...attributes]);
/** Both verifiers give `reason` (or accept: 'ok'). */
function both(token: Uint8Array, reason: string) {
  expect(service(token, DATA, { trustedCertificatePem: CA })).toBe(reason);
  expect(script(token, DATA, CA)).toBe(reason);
}

describe('the ESS signing-certificate attribute, changed and signed again', () => {
  const SHA256 = hashOf('sha256', certificate('tsa-rsa')!);
  const v2 = (...ids: Uint8Array[]) => essAttribute(ESS.v2, signingCertificate(ids));
  const v1 = (...ids: Uint8Array[]) => essAttribute(ESS.v1, signingCertificate(ids));

  it('signed again unchanged, it is OpenSSL’s token byte for byte (RSA PKCS #1 v1.5 is deterministic)', () => {
    expect(Buffer.from(resigned((a) => a))).toEqual(Buffer.from(TOKEN));
    expect(Buffer.from(withEss(v2(certId(SHA256))))).toEqual(Buffer.from(TOKEN));
  });

  it('missing: refused by both', () => {
    both(withEss(), R.essMissing);
  });

  it('one version twice, or an attribute with two values or none: refused by both', () => {
    const sha1 = hashOf('sha1', certificate('tsa-rsa')!);
    both(withEss(v2(certId(SHA256)), v2(certId(SHA256))), R.essRepeated);
    both(withEss(v1(certId(sha1)), v1(certId(sha1))), R.essRepeated);
    both(withEss(v1(certId(sha1)), v2(certId(SHA256)), v2(certId(SHA256))), R.essRepeated);
    both(
      withEss(
        essAttribute(ESS.v2, signingCertificate([certId(SHA256)]), signingCertificate([certId(SHA256)])),
      ),
      R.essRepeated,
    );
    both(withEss(essAttribute(ESS.v2)), R.essRepeated);
    // One good attribute beside one with two values.
    both(
      withEss(
        v1(certId(sha1)),
        essAttribute(ESS.v2, signingCertificate([certId(SHA256)]), signingCertificate([certId(SHA256)])),
      ),
      R.essRepeated,
    );
  });

  it('both versions (RFC 5035 §3 allows it): both must name the certificate', () => {
    const sha1 = hashOf('sha1', certificate('tsa-rsa')!);
    both(withEss(v1(certId(sha1)), v2(certId(SHA256))), 'ok');
    both(withEss(v2(certId(SHA256)), v1(certId(sha1))), 'ok');
    both(withEss(v1(certId(sha1)), v2(certId(hashOf('sha256', CA)))), R.essHash);
    both(withEss(v1(certId(hashOf('sha1', CA))), v2(certId(SHA256))), R.essHash);
  });

  it('a certHash one bit off, or of another certificate: refused by both', () => {
    const off = Uint8Array.from(SHA256);
    off[31]! ^= 1;
    both(withEss(v2(certId(off))), R.essHash);
    both(withEss(v2(certId(hashOf('sha256', CA)))), R.essHash);
    // The certificate that verified the signature must be the first one named.
    both(withEss(v2(certId(hashOf('sha256', CA)), certId(SHA256))), R.essHash);
    both(withEss(v2(certId(SHA256), certId(hashOf('sha256', CA)))), 'ok');
  });

  it('SigningCertificate (v1) holds a SHA-1 certHash; a SHA-256 one there is refused', () => {
    both(withEss(v1(certId(hashOf('sha1', certificate('tsa-rsa')!)))), 'ok');
    both(withEss(v1(certId(SHA256))), R.essHash);
  });

  it('SigningCertificateV2: SHA-256 named or by default, SHA-384 named; the hash must be of the named algorithm', () => {
    both(withEss(v2(certId(SHA256, { algorithm: ALGORITHM.sha256 }))), 'ok');
    both(withEss(v2(certId(SHA256, { algorithm: `${ALGORITHM.sha256}0500` }))), 'ok');
    const sha384 = hashOf('sha384', certificate('tsa-rsa')!);
    both(withEss(v2(certId(sha384, { algorithm: ALGORITHM.sha384 }))), 'ok');
    both(withEss(v2(certId(SHA256, { algorithm: ALGORITHM.sha384 }))), R.essHash);
    both(withEss(v2(certId(sha384))), R.essHash);
    both(
      withEss(v2(certId(hashOf('sha1', certificate('tsa-rsa')!), { algorithm: ALGORITHM.sha1 }))),
      R.essAlgorithm,
    );
  });

  it('issuerSerial: the certificate’s issuer and serial (with or without the DER sign byte) pass', () => {
    both(withEss(v2(certId(SHA256, { serial: '008a01' }))), 'ok');
    both(withEss(v2(certId(SHA256, { serial: '8a01' }))), 'ok');
    both(withEss(v1(certId(hashOf('sha1', certificate('tsa-rsa')!), { serial: '008a01' }))), 'ok');
  });

  it('issuerSerial: another serial, another issuer, two names, or a name that is no directoryName: refused by both', () => {
    both(withEss(v2(certId(SHA256, { serial: '008a02' }))), R.essIssuerSerial);
    both(withEss(v2(certId(SHA256, { serial: '01' }))), R.essIssuerSerial);
    both(withEss(v1(certId(hashOf('sha1', certificate('tsa-rsa')!), { serial: '0a01' }))), R.essIssuerSerial);
    const tbs = AsnConvert.parse(TSA.raw, Certificate).tbsCertificate;
    const subject = new Uint8Array(AsnConvert.serialize(tbs.subject));
    const issuer = new Uint8Array(AsnConvert.serialize(tbs.issuer));
    const withNames = (...names: Uint8Array[]) =>
      withEss(v2(der(0x30, der(0x04, SHA256), der(0x30, der(0x30, ...names), der(0x02, '008a01')))));
    both(withNames(der(0xa4, issuer)), 'ok');
    both(withNames(der(0xa4, subject)), R.essIssuerSerial);
    both(withNames(der(0xa4, issuer), der(0xa4, issuer)), R.essIssuerSerial);
    both(withNames(der(0x82, utf8('tsa.example'))), R.essIssuerSerial);
    both(withNames(), R.essIssuerSerial);
  });

  it('policies after the certificates are allowed', () => {
    const policies = der(0x30, der(0x30, der(0x06, '2a0304')));
    both(
      withEss(
        essAttribute(ESS.v2, signingCertificate([certId(SHA256)], Buffer.from(policies).toString('hex'))),
      ),
      'ok',
    );
  });

  it('malformed: not a SEQUENCE, no ESSCertID, a certHash that is no OCTET STRING, an issuerSerial that is no SEQUENCE', () => {
    both(withEss(essAttribute(ESS.v2, der(0x04, SHA256))), R.essMalformed);
    both(withEss(essAttribute(ESS.v2, der(0x30, der(0x30)))), R.essMalformed);
    both(withEss(essAttribute(ESS.v2, der(0x30))), R.essMalformed);
    both(withEss(essAttribute(ESS.v2, signingCertificate([der(0x30, der(0x02, SHA256))]))), R.essMalformed);
    both(withEss(essAttribute(ESS.v1, signingCertificate([der(0x30, der(0x02, SHA256))]))), R.essMalformed);
    both(
      withEss(essAttribute(ESS.v2, signingCertificate([der(0x30, der(0x04, SHA256), der(0x02, '01'))]))),
      R.essMalformed,
    );
    // IssuerSerial whose GeneralNames is no SEQUENCE, or without its serial number.
    both(
      withEss(v2(der(0x30, der(0x04, SHA256), der(0x30, der(0x04, '00'), der(0x02, '01'))))),
      R.essMalformed,
    );
    both(
      withEss(v2(der(0x30, der(0x04, SHA256), der(0x30, der(0x30, der(0xa4, der(0x30))))))),
      R.essMalformed,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The request (RFC 3161 §2.4.1)
// ---------------------------------------------------------------------------------------------

describe('timestampRequest', () => {
  const SHA256_ALGORITHM_DER = '300d06096086480165030402010500'; // AlgorithmIdentifier { sha256, NULL }

  it('is the DER of TimeStampReq { version 1, imprint SHA-256(data), nonce, certReq TRUE }', () => {
    const data = utf8('a checkpoint');
    const { der, nonce } = timestampRequest(data);
    const digest = createHash('sha256').update(data).digest('hex');
    // Written out from the ASN.1 of §2.4.1: SEQUENCE { INTEGER 1, MessageImprint SEQUENCE {
    // AlgorithmIdentifier, OCTET STRING (32) }, INTEGER nonce (8 bytes), BOOLEAN TRUE }.
    const body = `0201013031${SHA256_ALGORITHM_DER}0420${digest}0208${Buffer.from(nonce).toString('hex')}0101ff`;
    expect(Buffer.from(der).toString('hex')).toBe(`30${(body.length / 2).toString(16)}${body}`);

    const request = AsnConvert.parse(der, TimeStampReq);
    expect(request.version).toBe(1);
    expect(request.messageImprint.hashAlgorithm.algorithm).toBe('2.16.840.1.101.3.4.2.1');
    expect(Buffer.from(request.messageImprint.hashedMessage.buffer).toString('hex')).toBe(digest);
    expect(Buffer.from(request.nonce!)).toEqual(Buffer.from(nonce));
    expect(request.certReq).toBe(true);
    expect(request.reqPolicy).toBeUndefined();
  });

  it('the nonce is a positive INTEGER of 8 bytes without a leading zero, also from all-zero or all-one random bytes', () => {
    random.fixed = 0x00;
    expect(Buffer.from(timestampRequest(DATA).nonce).toString('hex')).toBe('0100000000000000');
    random.fixed = 0xff;
    expect(Buffer.from(timestampRequest(DATA).nonce).toString('hex')).toBe('7fffffffffffffff');
    random.fixed = null;
    for (let i = 0; i < 50; i++) {
      const { nonce } = timestampRequest(DATA);
      expect(nonce.length).toBe(8);
      expect(nonce[0]).toBeGreaterThan(0);
      expect(nonce[0]).toBeLessThan(0x80);
    }
  });

  it('nonces differ from request to request', () => {
    const seen = new Set(
      Array.from({ length: 200 }, () => Buffer.from(timestampRequest(DATA).nonce).toString('hex')),
    );
    expect(seen.size).toBe(200);
  });

  it('its nonce is what a token must carry', () => {
    const { nonce } = timestampRequest(DATA);
    expect(service(TOKEN, DATA, { nonce, trustedCertificatePem: CA })).toBe(R.nonce);
  });

  it('property: the imprint is SHA-256 of whatever data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        const request = AsnConvert.parse(timestampRequest(data).der, TimeStampReq);
        expect(Buffer.from(request.messageImprint.hashedMessage.buffer)).toEqual(
          createHash('sha256').update(data).digest(),
        );
      }),
      { numRuns: 50 },
    );
  });
});
