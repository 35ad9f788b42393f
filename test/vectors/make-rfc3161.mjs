#!/usr/bin/env node
/**
 * Writes test/vectors/rfc3161.json: RFC 3161 tokens and responses made by OpenSSL (`openssl ts`,
 * `openssl cms`, `openssl ca`, `openssl asn1parse -genconf`), never by this project's code. The
 * tests read the recorded file; this script is only for regenerating it (new keys, new times):
 *
 *   node test/vectors/make-rfc3161.mjs
 *
 * test/vectors/README.md lists what each vector is and the OpenSSL command behind it. Only
 * node:child_process, node:fs and node:crypto (to read a time out of a certificate) are used here.
 * The few derived vectors are named as such: one or two bytes of an OpenSSL answer changed, and
 * `openssl` says what OpenSSL's own `ts -verify` makes of the result.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'rfc3161-vectors-'));
const file = (name) => join(dir, name);
const openssl = (...args) =>
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString('latin1');
const write = (name, text) => writeFileSync(file(name), text);
const read = (name) => readFileSync(file(name));
const pem = (name) => read(name).toString('utf8');

// ---------------------------------------------------------------------------------------------
// Keys and certificates
// ---------------------------------------------------------------------------------------------

const KEYS = {
  rsa: ['-newkey', 'rsa:2048'],
  p256: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  p384: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  ed25519: ['-newkey', 'ed25519'],
};

/** A self-signed CA certificate (with a new key unless `key` names an existing one). */
function makeCa(name, subject, key) {
  const keyArgs = key ? ['-key', `${key}.key`] : ['-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`];
  openssl(
    'req',
    '-x509',
    ...keyArgs,
    '-out',
    `${name}.crt`,
    '-subj',
    subject,
    '-days',
    '7300',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  );
}

const TSA_EXTENSIONS =
  'extendedKeyUsage=critical,timeStamping\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n';
write('tsa-ext.cnf', TSA_EXTENSIONS);
// The same without the authority key identifier, so that only the issuer's name ties it to a CA.
write('tsa-ext-noaki.cnf', `${TSA_EXTENSIONS}authorityKeyIdentifier=none\n`);
write('noeku-ext.cnf', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n');

/** A key and a certificate for it issued by `ca` (openssl x509 -req, as test/support/tsa.ts does). */
function makeIssued(name, keyType, subject, ca, serial, extensions = 'tsa-ext.cnf') {
  openssl(
    'req',
    ...KEYS[keyType],
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  );
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-set_serial',
    serial,
    '-out',
    `${name}.crt`,
    '-days',
    '7300',
    '-extfile',
    extensions,
  );
}

/** A certificate for the key of `name` with exactly this validity (openssl ca -startdate/-enddate). */
function makeWithValidity(name, from, to, serialHex, out) {
  write(
    'ca.cnf',
    [
      '[ ca ]',
      'default_ca = ca_default',
      '[ ca_default ]',
      'database = ./index.txt',
      'new_certs_dir = .',
      'serial = ./ca.serial',
      'default_md = sha256',
      'policy = policy_any',
      'unique_subject = no',
      '[ policy_any ]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  write('index.txt', '');
  write('ca.serial', `${serialHex}\n`);
  openssl(
    'ca',
    '-config',
    'ca.cnf',
    '-batch',
    '-notext',
    '-cert',
    'ca.crt',
    '-keyfile',
    'ca.key',
    '-in',
    `${name}.csr`,
    '-out',
    `${out}.crt`,
    '-startdate',
    from,
    '-enddate',
    to,
    '-extfile',
    'tsa-ext.cnf',
  );
}

makeCa('ca', '/CN=Vector CA');
makeCa('foreign-ca', '/CN=Foreign CA');
// The CA's key under another name: signatures verify, but it did not issue the TSA certificates.
makeCa('ca-renamed', '/CN=Vector CA renamed', 'ca');
// Another key under the CA's name: the name matches, the signatures do not.
makeCa('ca-impostor', '/CN=Vector CA');

// Serial numbers chosen for their DER: 0x8A01 is encoded with a leading zero byte, 0x0A02 starts
// with a zero nibble (node prints it as "0A02"), 0x7001 has zeros inside only.
makeIssued('tsa-rsa', 'rsa', '/CN=Vector TSA RSA', 'ca', '0x8A01');
makeIssued('tsa-p256', 'p256', '/CN=Vector TSA P-256', 'ca', '0x0A02');
makeIssued('tsa-p384', 'p384', '/CN=Vector TSA P-384', 'ca', '0x7001');
makeIssued('tsa-foreign', 'rsa', '/CN=Foreign TSA', 'foreign-ca', '0x0C04');
makeIssued('tsa-impostor', 'rsa', '/CN=Impostor TSA', 'ca-impostor', '0x0D05', 'tsa-ext-noaki.cnf');
makeIssued('tsa-ed25519', 'ed25519', '/CN=Vector TSA Ed25519', 'ca', '0x0F07');
makeIssued('noeku', 'rsa', '/CN=Vector signer without timeStamping', 'ca', '0x0E06', 'noeku-ext.cnf');
openssl(
  'req',
  '-x509',
  '-newkey',
  'rsa:2048',
  '-nodes',
  '-keyout',
  'tsa-self.key',
  '-out',
  'tsa-self.crt',
  '-subj',
  '/CN=Vector self-signed TSA',
  '-days',
  '7300',
  '-set_serial',
  '0x01FF',
  '-addext',
  'extendedKeyUsage=critical,timeStamping',
  '-addext',
  'keyUsage=critical,digitalSignature',
);

// ---------------------------------------------------------------------------------------------
// Tokens from `openssl ts -reply`
// ---------------------------------------------------------------------------------------------

let tsaSerial = 0;
function tsaConfig(signer, digest, ess = { chain: 'no', alg: 'sha256' }) {
  write(
    'tsa.cnf',
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      'serial = ./tsaserial',
      'crypto_device = builtin',
      `signer_cert = ./${signer}.crt`,
      'certs = ./ca.crt',
      `signer_key = ./${signer}.key`,
      `signer_digest = ${digest}`,
      'default_policy = 1.2.3.4.1',
      'other_policies = 1.2.3.4.2',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = yes',
      `ess_cert_id_chain = ${ess.chain}`,
      `ess_cert_id_alg = ${ess.alg}`,
      '',
    ].join('\n'),
  );
  write('tsaserial', `${(++tsaSerial).toString(16).padStart(2, '0')}\n`);
}

let lastCertReq = true;
/** The nonce as its INTEGER content bytes: a query is made again until it is 8 bytes, high bit clear. */
function query(data, hash, { certReq = true, nonce = true } = {}) {
  write('data.bin', data);
  lastCertReq = certReq;
  for (;;) {
    openssl(
      'ts',
      '-query',
      '-data',
      'data.bin',
      `-${hash}`,
      ...(certReq ? ['-cert'] : []),
      ...(nonce ? [] : ['-no_nonce']),
      '-out',
      'q.tsq',
    );
    if (!nonce) return null;
    const text = openssl('ts', '-query', '-in', 'q.tsq', '-text');
    const hex = /Nonce: 0x([0-9A-F]+)/.exec(text)?.[1];
    if (hex && hex.length === 16 && Number.parseInt(hex[0], 16) < 8) return hex.toLowerCase();
  }
}

/** The answer of `openssl ts -reply`, its token, and what `openssl ts -reply -text` says of it. */
function reply(signer, digest, ess) {
  tsaConfig(signer, digest, ess);
  openssl('ts', '-reply', '-config', 'tsa.cnf', '-queryfile', 'q.tsq', '-out', 'r.tsr');
  const text = openssl('ts', '-reply', '-in', 'r.tsr', '-text');
  let token = null;
  let genTime = null;
  let serialNumber = null;
  if (/Status: Granted/.test(text)) {
    openssl('ts', '-reply', '-in', 'r.tsr', '-token_out', '-out', 't.tst');
    token = read('t.tst');
    genTime = new Date(/Time stamp: (.+)/.exec(text)[1]).toISOString();
    serialNumber = /Serial number: 0x([0-9A-F]+)/.exec(text)[1].toLowerCase();
  }
  return { response: read('r.tsr'), token, genTime, serialNumber, signer, certificateInToken: lastCertReq };
}

/** `openssl ts -verify` on a token over data.bin: "OK" or its error line. */
function opensslVerify(tokenBytes, caFile, untrusted) {
  writeFileSync(file('v.tst'), tokenBytes);
  try {
    const out = openssl(
      'ts',
      '-verify',
      '-token_in',
      '-in',
      'v.tst',
      '-data',
      'data.bin',
      '-CAfile',
      caFile,
      ...(untrusted ? ['-untrusted', untrusted] : []),
    );
    return /Verification: OK/.test(out) ? 'OK' : 'FAILED';
  } catch (error) {
    const lines = String(error.stdout ?? '') + String(error.stderr ?? '');
    const reason = /routines:[^:]*:([^:]+):/.exec(lines)?.[1] ?? 'failed';
    return `FAILED (${reason})`;
  }
}

const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const tokens = [];
const responses = [];

/** A token vector: the token, the data it is over, and each check with its expected outcome. */
function addToken(name, what, made, data, checks) {
  tokens.push({
    name,
    what,
    signer: made.signer,
    certificateInToken: made.certificateInToken,
    data: data.toString('utf8'),
    token: b64(made.token),
    genTime: made.genTime,
    serialNumber: made.serialNumber,
    nonce: made.nonce ?? null,
    checks,
  });
}

const DATA = Buffer.from('vector.example/log\n7\nE1kJ1sWtJj6ibG8/Y0m+3VhCmq4P0y8uC9h0dQ2k4aM=\n', 'utf8');
const OK = 'ok';
const R = {
  signature: 'the token signature does not verify with the TSA certificate',
  notTimeStamping: 'the signing certificate is not for time stamping',
  validity: 'the signing certificate was not valid at the stated time',
  notTrusted: 'the signing certificate is not the trusted TSA certificate or issued by it',
  signers: 'the token must have exactly one signer',
  essMissing: 'the token has no ESS signing-certificate attribute',
  essHash: 'the ESS signing-certificate attribute names another certificate',
};

// 1. RSA, issued by the CA, certReq, nonce, SHA-256 throughout (signature OID rsaEncryption).
let nonce = query(DATA, 'sha256');
const rsa = { ...reply('tsa-rsa', 'sha256'), nonce };
const verdictCa = opensslVerify(rsa.token, 'ca.crt');
addToken(
  'rsa-sha256',
  'RSA TSA issued by the CA; certReq, nonce; sha256 imprint and signer digest',
  rsa,
  DATA,
  [
    { trusted: 'ca', expect: OK, openssl: verdictCa },
    { trusted: 'tsa-rsa', expect: OK, openssl: opensslVerify(rsa.token, 'tsa-rsa.crt') },
    { trusted: null, expect: OK },
    { trusted: 'foreign-ca', expect: R.notTrusted, openssl: opensslVerify(rsa.token, 'foreign-ca.crt') },
    { trusted: 'tsa-self', expect: R.notTrusted },
    { trusted: 'ca-renamed', expect: R.notTrusted, openssl: opensslVerify(rsa.token, 'ca-renamed.crt') },
  ],
);
responses.push({
  name: 'granted',
  what: 'status granted (0) with the token of rsa-sha256',
  response: b64(rsa.response),
  status: 0,
  token: b64(rsa.token),
});
// grantedWithMods (1) and the refusals 3, 4 and 5: openssl only answers 0 and 2, so the status
// INTEGER (02 01 00, the first INTEGER of the response) of the granted answer is changed.
for (const status of [1, 3, 4, 5]) {
  const bytes = Buffer.from(rsa.response);
  const at = bytes.indexOf(Buffer.from([0x02, 0x01, 0x00]));
  bytes[at + 2] = status;
  responses.push({
    name: `status-${status}`,
    what: `the granted answer with its status INTEGER changed to ${status} (derived)`,
    response: b64(bytes),
    status,
    token: status === 1 ? b64(rsa.token) : null,
    expect: status === 1 ? OK : `the TSA refused the request (status ${status})`,
  });
}
responses[0].expect = OK;

// 2. The same TSA without certReq: the token carries no certificate.
nonce = query(DATA, 'sha256', { certReq: false });
const rsaNoCert = { ...reply('tsa-rsa', 'sha256'), nonce };
addToken('rsa-nocert', 'RSA TSA, no certReq: no certificate in the token', rsaNoCert, DATA, [
  { trusted: 'tsa-rsa', expect: OK, openssl: opensslVerify(rsaNoCert.token, 'ca.crt', 'tsa-rsa.crt') },
  { trusted: 'ca', expect: R.signature, openssl: opensslVerify(rsaNoCert.token, 'ca.crt') },
  { trusted: null, expect: R.signature },
]);
// The validity of the signer certificate at genTime, to the second: certificates for the same key
// and serial number whose validity starts or ends exactly at genTime, or one second beside it.
{
  const at = new Date(rsaNoCert.genTime);
  const stamp = (d) => `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
  const second = (n) => new Date(at.getTime() + n * 1000);
  makeWithValidity('tsa-rsa', stamp(at), stamp(at), '8A01', 'tsa-rsa-at-gentime');
  makeWithValidity('tsa-rsa', stamp(second(1)), stamp(second(3600)), '8A01', 'tsa-rsa-after-gentime');
  makeWithValidity('tsa-rsa', stamp(second(-3600)), stamp(second(-1)), '8A01', 'tsa-rsa-before-gentime');
  makeWithValidity('tsa-rsa', '20200101000000Z', '20210101000000Z', '8A01', 'tsa-rsa-2020');
  tokens.at(-1).checks.push(
    // Valid to the second, but another certificate for the same key: the token's ESS attribute
    // names tsa-rsa by its hash (RFC 3161 §2.4.2), so it is refused, and only for that.
    { trusted: 'tsa-rsa-at-gentime', expect: R.essHash },
    { trusted: 'tsa-rsa-after-gentime', expect: R.validity },
    { trusted: 'tsa-rsa-before-gentime', expect: R.validity },
    { trusted: 'tsa-rsa-2020', expect: R.validity },
  );
}

// 3. RSA with SHA-384 and SHA-512 signer digests, and imprints of SHA-384 and SHA-512.
for (const [hash, digest] of [
  ['sha384', 'sha256'],
  ['sha512', 'sha256'],
  ['sha256', 'sha384'],
  ['sha256', 'sha512'],
]) {
  nonce = query(DATA, hash);
  const made = { ...reply('tsa-rsa', digest), nonce };
  addToken(
    `rsa-imprint-${hash}-digest-${digest}`,
    `RSA TSA; ${hash} imprint, ${digest} signer digest`,
    made,
    DATA,
    [{ trusted: 'ca', expect: OK, openssl: opensslVerify(made.token, 'ca.crt') }],
  );
  if (hash === 'sha256') {
    // The signature algorithm written as sha256/384/512WithRSAEncryption instead of rsaEncryption:
    // the same PKCS #1 v1.5 signature; only the OID's last byte (01) changes (derived).
    const bytes = Buffer.from(made.token);
    const rsaEncryption = Buffer.from('06092a864886f70d0101010500', 'hex');
    const at = bytes.lastIndexOf(rsaEncryption);
    bytes[at + 10] = { sha256: 0x0b, sha384: 0x0c, sha512: 0x0d }[digest];
    addToken(
      `rsa-${digest}WithRSA`,
      `the ${digest} token above with signature OID ${digest}WithRSAEncryption (derived)`,
      { ...made, token: bytes },
      DATA,
      [{ trusted: 'ca', expect: OK, openssl: opensslVerify(bytes, 'ca.crt') }],
    );
  }
}
{
  // sha256WithRSAEncryption with the sha256 token (the loop above did 384 and 512).
  const made = { ...tokens.find((t) => t.name === 'rsa-sha256') };
  const bytes = Buffer.from(made.token, 'base64');
  const at = bytes.lastIndexOf(Buffer.from('06092a864886f70d0101010500', 'hex'));
  bytes[at + 10] = 0x0b;
  write('data.bin', DATA);
  tokens.push({
    ...made,
    name: 'rsa-sha256WithRSA',
    what: 'rsa-sha256 with signature OID sha256WithRSAEncryption (derived)',
    token: b64(bytes),
    checks: [{ trusted: 'ca', expect: OK, openssl: opensslVerify(bytes, 'ca.crt') }],
  });
}

// The ESS signing-certificate attribute naming the whole chain by SHA-512: signed attributes of
// more than 255 bytes (a DER length of two bytes).
nonce = query(DATA, 'sha256');
const essChain = { ...reply('tsa-rsa', 'sha256', { chain: 'yes', alg: 'sha512' }), nonce };
addToken('rsa-ess-chain', 'RSA TSA; ess_cert_id_chain = yes, ess_cert_id_alg = sha512', essChain, DATA, [
  { trusted: 'ca', expect: OK, openssl: opensslVerify(essChain.token, 'ca.crt') },
]);

// The ESS attribute in its first version, SigningCertificate with a SHA-1 certHash (RFC 2634 §5.4).
nonce = query(DATA, 'sha256');
const essSha1 = { ...reply('tsa-rsa', 'sha256', { chain: 'no', alg: 'sha1' }), nonce };
addToken('rsa-ess-sha1', 'RSA TSA; ess_cert_id_alg = sha1 (SigningCertificate, RFC 2634)', essSha1, DATA, [
  { trusted: 'ca', expect: OK, openssl: opensslVerify(essSha1.token, 'ca.crt') },
]);

// 4. ECDSA: P-256 with SHA-256 and SHA-512, P-384 with SHA-384.
for (const [signer, digest] of [
  ['tsa-p256', 'sha256'],
  ['tsa-p256', 'sha512'],
  ['tsa-p384', 'sha384'],
]) {
  nonce = query(DATA, 'sha256');
  const made = { ...reply(signer, digest), nonce };
  addToken(
    `${signer.slice(4)}-${digest}`,
    `ECDSA TSA ${signer} issued by the CA; ${digest} signer digest`,
    made,
    DATA,
    [
      { trusted: 'ca', expect: OK, openssl: opensslVerify(made.token, 'ca.crt') },
      { trusted: signer, expect: OK },
      { trusted: 'foreign-ca', expect: R.notTrusted },
    ],
  );
}

// 5. Self-signed TSA certificate, trusted itself; a foreign TSA; a TSA under a CA of the same name.
nonce = query(DATA, 'sha256');
const self = { ...reply('tsa-self', 'sha256'), nonce };
addToken('self-signed', 'a self-signed TSA certificate', self, DATA, [
  { trusted: 'tsa-self', expect: OK, openssl: opensslVerify(self.token, 'tsa-self.crt') },
  { trusted: null, expect: OK },
  { trusted: 'ca', expect: R.notTrusted, openssl: opensslVerify(self.token, 'ca.crt') },
]);
nonce = query(DATA, 'sha256');
const foreign = { ...reply('tsa-foreign', 'sha256'), nonce };
addToken('foreign', 'a TSA issued by another CA', foreign, DATA, [
  { trusted: 'ca', expect: R.notTrusted, openssl: opensslVerify(foreign.token, 'ca.crt') },
  { trusted: 'foreign-ca', expect: OK, openssl: opensslVerify(foreign.token, 'foreign-ca.crt') },
]);
nonce = query(DATA, 'sha256');
const impostor = { ...reply('tsa-impostor', 'sha256'), nonce };
addToken(
  'impostor',
  'a TSA issued by another key under the CA name (no authority key identifier)',
  impostor,
  DATA,
  [
    { trusted: 'ca', expect: R.notTrusted, openssl: opensslVerify(impostor.token, 'ca.crt') },
    { trusted: 'ca-impostor', expect: OK, openssl: opensslVerify(impostor.token, 'ca-impostor.crt') },
  ],
);

// 6. No nonce in the query.
query(DATA, 'sha256', { nonce: false });
const noNonce = reply('tsa-rsa', 'sha256');
addToken('rsa-no-nonce', 'RSA TSA, a query without nonce', noNonce, DATA, [
  { trusted: 'ca', expect: OK, openssl: opensslVerify(noNonce.token, 'ca.crt') },
]);

// 7. Tokens openssl ts -reply will not make, signed with `openssl cms -sign` over the TSTInfo of
//    rsa-sha256 (extracted with `openssl cms -verify -noverify`): a signer without the
//    timeStamping extended key usage, a signer identified by key identifier, two signers, RSA-PSS.
writeFileSync(file('rsa.tst'), rsa.token);
write('data.bin', DATA);
openssl('cms', '-verify', '-noverify', '-inform', 'DER', '-in', 'rsa.tst', '-binary', '-out', 'tstinfo.der');
const cmsSign = (out, signer, ...signerArgs) => {
  openssl(
    'cms',
    '-sign',
    '-binary',
    '-nodetach',
    '-in',
    'tstinfo.der',
    '-econtent_type',
    '1.2.840.113549.1.9.16.1.4',
    '-nosmimecap',
    '-md',
    'sha256',
    ...signerArgs,
    '-outform',
    'DER',
    '-out',
    out,
  );
  return { ...rsa, token: read(out), signer, certificateInToken: true };
};
const noEku = cmsSign('noeku.tst', 'noeku', '-signer', 'noeku.crt', '-inkey', 'noeku.key');
addToken(
  'cms-noeku',
  'signed by a certificate without the timeStamping EKU (openssl cms -sign)',
  noEku,
  DATA,
  [
    { trusted: 'ca', expect: R.notTimeStamping, openssl: opensslVerify(noEku.token, 'ca.crt') },
    { trusted: null, expect: R.notTimeStamping },
  ],
);
const keyId = cmsSign('keyid.tst', 'tsa-rsa', '-signer', 'tsa-rsa.crt', '-inkey', 'tsa-rsa.key', '-keyid');
addToken(
  'cms-keyid',
  'the TSA signing with a subjectKeyIdentifier sid (openssl cms -sign -keyid)',
  keyId,
  DATA,
  // No ESS signing-certificate attribute (`openssl cms -sign` adds none without -cades).
  [{ trusted: 'ca', expect: R.essMissing, openssl: opensslVerify(keyId.token, 'ca.crt') }],
);
const cades = cmsSign('cades.tst', 'tsa-rsa', '-signer', 'tsa-rsa.crt', '-inkey', 'tsa-rsa.key', '-cades');
addToken(
  'cms-cades',
  'the TSA signing with openssl cms -sign -cades: SigningCertificateV2 with issuerSerial',
  cades,
  DATA,
  [{ trusted: 'ca', expect: OK, openssl: opensslVerify(cades.token, 'ca.crt') }],
);
const two = cmsSign(
  'two.tst',
  null,
  '-signer',
  'tsa-rsa.crt',
  '-inkey',
  'tsa-rsa.key',
  '-signer',
  'tsa-p256.crt',
  '-inkey',
  'tsa-p256.key',
);
addToken('cms-two-signers', 'two signers (openssl cms -sign with two -signer)', two, DATA, [
  { trusted: 'ca', expect: R.signers, openssl: opensslVerify(two.token, 'ca.crt') },
]);
const pss = cmsSign(
  'pss.tst',
  'tsa-rsa',
  '-signer',
  'tsa-rsa.crt',
  '-inkey',
  'tsa-rsa.key',
  '-keyopt',
  'rsa_padding_mode:pss',
);
addToken('cms-rsa-pss', 'RSASSA-PSS, which the verifiers do not support (openssl cms -sign)', pss, DATA, [
  // The offline script names the reason more precisely.
  {
    trusted: 'ca',
    expect: R.signature,
    script: 'unknown signature algorithm',
    openssl: opensslVerify(pss.token, 'ca.crt'),
  },
]);

// 8. Ed25519. OpenSSL 3.0 signs no Ed25519 CMS (`ts -reply` fails in PKCS#7, `cms -sign` with
//    "invalid digest"), so these tokens are assembled by `openssl asn1parse -genconf` around the
//    TSTInfo of rsa-sha256, with SHA-512 as digest (RFC 8419 §3.1), the signed attributes content
//    type and message digest (`openssl dgst -sha512`), and `openssl pkeyutl -sign -rawin` over their
//    DER (RFC 5652 §5.4). No certificate in them: the TSA certificate is the trusted one. Two more
//    carry a third signed attribute (an unknown type, 1.2.3.4.5, with an OCTET STRING of zeros) sized
//    so that the signed attributes are exactly 128, 256 and 65536 bytes long: the first lengths that
//    DER writes in two, three and four bytes.
const hexOf = (name) => read(name).toString('hex');
openssl('dgst', '-sha512', '-binary', '-out', 'tstinfo.sha512', 'tstinfo.der');
openssl('x509', '-in', 'tsa-ed25519.crt', '-outform', 'DER', '-out', 'tsa-ed25519.der');
openssl('dgst', '-sha256', '-binary', '-out', 'tsa-ed25519.sha256', 'tsa-ed25519.der');
/**
 * The genconf sections of the signed attributes: with `ess`, a SigningCertificateV2 naming the
 * TSA certificate by its SHA-256 (the default algorithm, so not written); with `padding`, that many
 * zero bytes in one more attribute.
 */
const ed25519Attributes = (padding, ess = true) => [
  '[attrs]',
  'contentType = SEQUENCE:ct',
  'messageDigest = SEQUENCE:md',
  ...(ess ? ['signingCertificateV2 = SEQUENCE:essAttribute'] : []),
  ...(padding === null ? [] : ['padding = SEQUENCE:pad']),
  '[essAttribute]',
  'type = OID:1.2.840.113549.1.9.16.2.47',
  'values = SET:essValues',
  '[essValues]',
  'v = SEQUENCE:essSigningCertificate',
  '[essSigningCertificate]',
  'certs = SEQUENCE:essCerts',
  '[essCerts]',
  'c = SEQUENCE:essCertId',
  '[essCertId]',
  `certHash = FORMAT:HEX,OCTETSTRING:${hexOf('tsa-ed25519.sha256')}`,
  '[ct]',
  'type = OID:contentType',
  'values = SET:ctv',
  '[ctv]',
  'v = OID:1.2.840.113549.1.9.16.1.4',
  '[md]',
  'type = OID:messageDigest',
  'values = SET:mdv',
  '[mdv]',
  `v = FORMAT:HEX,OCTETSTRING:${hexOf('tstinfo.sha512')}`,
  '[pad]',
  'type = OID:1.2.3.4.5',
  'values = SET:padv',
  '[padv]',
  `v = FORMAT:HEX,OCTETSTRING:${'00'.repeat(padding ?? 0)}`,
];
/** The DER of the signed attributes (a SET), and the length of its content. */
function ed25519SignedAttributes(padding, ess) {
  write('attrs.cnf', ['asn1 = SET:attrs', ...ed25519Attributes(padding, ess), ''].join('\n'));
  openssl('asn1parse', '-genconf', 'attrs.cnf', '-out', 'attrs.der', '-noout');
  const der = read('attrs.der');
  const header = der[1] < 0x80 ? 2 : 2 + (der[1] & 0x7f);
  return der.length - header;
}
function ed25519Token(padding, ess) {
  ed25519SignedAttributes(padding, ess);
  openssl('pkeyutl', '-sign', '-rawin', '-inkey', 'tsa-ed25519.key', '-in', 'attrs.der', '-out', 'attrs.sig');
  write(
    'ed25519.cnf',
    [
      'asn1 = SEQUENCE:contentInfo',
      '[contentInfo]',
      'type = OID:pkcs7-signedData',
      'content = EXPLICIT:0,SEQUENCE:signedData',
      '[signedData]',
      'version = INT:3',
      'digestAlgorithms = SET:digestAlgorithms',
      'encap = SEQUENCE:encap',
      'signerInfos = SET:signerInfos',
      '[digestAlgorithms]',
      'a = SEQUENCE:sha512',
      '[sha512]',
      'oid = OID:sha512',
      '[encap]',
      'type = OID:1.2.840.113549.1.9.16.1.4',
      `content = EXPLICIT:0,FORMAT:HEX,OCTETSTRING:${hexOf('tstinfo.der')}`,
      '[signerInfos]',
      's = SEQUENCE:signerInfo',
      '[signerInfo]',
      'version = INT:1',
      'sid = SEQUENCE:sid',
      'digestAlgorithm = SEQUENCE:sha512',
      'signedAttrs = IMPLICIT:0,SET:attrs',
      'signatureAlgorithm = SEQUENCE:ed25519',
      `signature = FORMAT:HEX,OCTETSTRING:${hexOf('attrs.sig')}`,
      '[sid]',
      'issuer = SEQUENCE:issuer',
      'serial = INT:0x0F07',
      '[issuer]',
      'rdn = SET:rdn',
      '[rdn]',
      'cn = SEQUENCE:cn',
      '[cn]',
      'oid = OID:commonName',
      'value = UTF8:Vector CA',
      '[ed25519]',
      'oid = OID:ED25519',
      ...ed25519Attributes(padding, ess),
      '',
    ].join('\n'),
  );
  openssl('asn1parse', '-genconf', 'ed25519.cnf', '-out', 'ed25519.tst', '-noout');
  return { ...rsa, token: read('ed25519.tst'), signer: 'tsa-ed25519', certificateInToken: false };
}
addToken(
  'ed25519',
  'Ed25519 TSA issued by the CA; no certificate in the token (asn1parse -genconf, pkeyutl -sign -rawin)',
  ed25519Token(null, true),
  DATA,
  [
    { trusted: 'tsa-ed25519', expect: OK },
    { trusted: 'ca', expect: R.signature },
  ],
);
// Without the ESS attribute the signed attributes are shorter than 128 bytes (the one-byte DER
// length): those two tokens are refused for the missing attribute, which is checked after the
// signature, so that refusal still shows that the signature over their DER verified.
addToken(
  'ed25519-no-ess',
  'the ed25519 token without the ESS signing-certificate attribute (signed attributes under 128 bytes)',
  ed25519Token(null, false),
  DATA,
  [{ trusted: 'tsa-ed25519', expect: R.essMissing }],
);
for (const length of [128, 256, 65536]) {
  const ess = length !== 128;
  // The length grows by one with each byte of padding, and by more where a length form changes.
  let padding = Math.max(1, length - ed25519SignedAttributes(1, ess) - 8);
  while (ed25519SignedAttributes(padding, ess) < length) padding++;
  if (ed25519SignedAttributes(padding, ess) !== length) throw new Error(`no padding gives ${length} bytes`);
  addToken(
    `ed25519-attributes-${length}`,
    `the ed25519 token with signed attributes of exactly ${length} bytes (one more, unknown attribute${ess ? '' : '; no ESS attribute'})`,
    ed25519Token(padding, ess),
    DATA,
    [{ trusted: 'tsa-ed25519', expect: ess ? OK : R.essMissing }],
  );
}

// 9. Responses without a usable token.
query(DATA, 'sha1');
const rejected = reply('tsa-rsa', 'sha256');
responses.push({
  name: 'rejected',
  what: 'a query with a SHA-1 imprint, which the TSA does not accept: status rejection (2), badAlg',
  response: b64(rejected.response),
  status: 2,
  token: null,
  expect: 'the TSA refused the request (status 2)',
});
write(
  'granted-no-token.cnf',
  'asn1 = SEQUENCE:response\n[response]\nstatus = SEQUENCE:info\n[info]\nstatus = INT:0\n',
);
openssl('asn1parse', '-genconf', 'granted-no-token.cnf', '-out', 'granted-no-token.der', '-noout');
responses.push({
  name: 'granted-without-token',
  what: 'status granted and no token (openssl asn1parse -genconf)',
  response: b64(read('granted-no-token.der')),
  status: 0,
  token: null,
  expect: 'the TSA granted the request without a token',
});
write('not-a-response.cnf', 'asn1 = SEQUENCE:response\n[response]\nstatus = INT:0\n');
openssl('asn1parse', '-genconf', 'not-a-response.cnf', '-out', 'not-a-response.der', '-noout');
responses.push({
  name: 'not-a-response',
  what: 'SEQUENCE { INTEGER 0 } (openssl asn1parse -genconf): no PKIStatusInfo',
  response: b64(read('not-a-response.der')),
  status: null,
  token: null,
  expect: 'the TSA answer is not a TimeStampResp',
});

const certificates = {};
for (const name of [
  'ca',
  'foreign-ca',
  'ca-renamed',
  'ca-impostor',
  'tsa-rsa',
  'tsa-p256',
  'tsa-p384',
  'tsa-self',
  'tsa-foreign',
  'tsa-impostor',
  'tsa-ed25519',
  'noeku',
  'tsa-rsa-at-gentime',
  'tsa-rsa-after-gentime',
  'tsa-rsa-before-gentime',
  'tsa-rsa-2020',
]) {
  // openssl ca writes the text form before the PEM; keep the PEM only.
  certificates[name] = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/.exec(
    pem(`${name}.crt`),
  )[0];
}

// The TSA's RSA key, so that the unit tests can sign again signed attributes they change (the ESS
// attribute is checked after the signature). A key made for these vectors only.
const keys = { 'tsa-rsa': pem('tsa-rsa.key') };

const out = {
  description:
    'RFC 3161 tokens and responses made by OpenSSL; test/vectors/README.md says how. `checks` give the trusted certificate, the expected outcome (ok or the reason both verifiers give; `script` when the offline script words it otherwise) and, where asked, what `openssl ts -verify` said.',
  producedWith: openssl('version').trim(),
  producedAt: new Date().toISOString().slice(0, 10),
  certificates,
  keys,
  tokens,
  responses,
};
writeFileSync(new URL('./rfc3161.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`wrote ${tokens.length} tokens and ${responses.length} responses\n`);
