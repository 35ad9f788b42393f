/**
 * A real RFC 3161 Time-Stamping Authority for the tests: OpenSSL's `openssl ts -reply` behind a
 * small HTTP handler on 127.0.0.1 (RFC 3161 §3.4: POST application/timestamp-query, answer
 * application/timestamp-reply). Its certificate chain is made with OpenSSL at start: a CA, and a
 * TSA certificate issued by it for time stamping only (critical extendedKeyUsage timeStamping).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestTsa {
  url: string;
  dir: string;
  caPem: string;
  tsaCertPem: string;
  /** How many requests it answered. */
  requests(): number;
  close(): Promise<void>;
}

export async function makeTsaCertificates(dir: string, name = 'Test TSA'): Promise<void> {
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-subj',
    `/CN=${name} CA`,
    '-days',
    '3650',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  );
  await openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'tsa.key',
    '-out',
    'tsa.csr',
    '-subj',
    `/CN=${name}`,
  );
  writeFileSync(
    join(dir, 'ext.cnf'),
    'extendedKeyUsage=critical,timeStamping\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n',
  );
  await openssl(
    'x509',
    '-req',
    '-in',
    'tsa.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'tsa.crt',
    '-days',
    '3650',
    '-extfile',
    'ext.cnf',
  );
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  writeFileSync(
    join(dir, 'tsa.cnf'),
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `dir = ${dir}`,
      'serial = $dir/tsaserial',
      'crypto_device = builtin',
      'signer_cert = $dir/tsa.crt',
      'certs = $dir/ca.crt',
      'signer_key = $dir/tsa.key',
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
}

export async function startTestTsa(name = 'Test TSA'): Promise<TestTsa> {
  const dir = mkdtempSync(join(tmpdir(), 'pss-tsa-'));
  await makeTsaCertificates(dir, name);
  let count = 0;
  let queue = Promise.resolve();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      // One reply at a time: openssl keeps its serial number in a file.
      queue = queue.then(async () => {
        const n = ++count;
        try {
          if (
            request.method !== 'POST' ||
            request.headers['content-type'] !== 'application/timestamp-query'
          ) {
            response.writeHead(400).end();
            return;
          }
          writeFileSync(join(dir, `q${n}.tsq`), Buffer.concat(chunks));
          await run(
            'openssl',
            ['ts', '-reply', '-config', 'tsa.cnf', '-queryfile', `q${n}.tsq`, '-out', `r${n}.tsr`],
            { cwd: dir },
          );
          response
            .writeHead(200, { 'content-type': 'application/timestamp-reply' })
            .end(readFileSync(join(dir, `r${n}.tsr`)));
        } catch {
          response.writeHead(500).end();
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/tsa`,
    dir,
    caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    tsaCertPem: readFileSync(join(dir, 'tsa.crt'), 'utf8'),
    requests: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
