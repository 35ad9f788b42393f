/**
 * RFC 3161 over HTTP (§3.4): POSTs a TimeStampReq (`application/timestamp-query`) to the configured
 * TSA and checks the token it answers with (`application/timestamp-reply`) before it is stored:
 * imprint, nonce, signature, certificate (src/audit/rfc3161.ts).
 */
// Loaded on first use: the ASN.1 schemas cost start-up time that only a configured TSA needs.
const rfc3161 = () => import('../audit/rfc3161.js');

export interface Timestamp {
  token: Uint8Array;
  genTime: Date;
}

export class TimestampClient {
  constructor(private readonly options: { url: string; trustedCertificatePem?: string; timeoutMs: number }) {}

  async timestamp(data: Uint8Array): Promise<Timestamp> {
    const { timestampRequest, tokenOfResponse, verifyTimestampToken } = await rfc3161();
    const request = timestampRequest(data);
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: Buffer.from(request.der),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) throw new Error(`the TSA answered ${response.status}`);
    const token = tokenOfResponse(new Uint8Array(await response.arrayBuffer()));
    const verified = verifyTimestampToken(token, data, {
      nonce: request.nonce,
      ...(this.options.trustedCertificatePem
        ? { trustedCertificatePem: this.options.trustedCertificatePem }
        : {}),
    });
    return { token, genTime: verified.genTime };
  }

  async verify(token: Uint8Array, data: Uint8Array): Promise<Date> {
    const { verifyTimestampToken } = await rfc3161();
    return verifyTimestampToken(token, data, {
      ...(this.options.trustedCertificatePem
        ? { trustedCertificatePem: this.options.trustedCertificatePem }
        : {}),
    }).genTime;
  }
}
