/**
 * Parsing of the transparency log's configuration values (env.ts): the key history, the witnesses
 * this service submits to, and the logs it witnesses. Each refuses a malformed value with a
 * message naming what is wrong, never the value.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { parseVerifierKey, SIGNATURE_TYPE_COSIGNATURE_V1, SIGNATURE_TYPE_ED25519 } from '../audit/note.js';

export interface RetiredKey {
  /** The 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
  validFrom: Date;
  validUntil: Date;
}

export interface WitnessConfig {
  /** The submission (and monitoring) prefix: add-checkpoint is POSTed to `<url>/add-checkpoint`. */
  url: string;
  /** The witness's cosignature/v1 verifier key. */
  vkey: string;
  name: string;
}

type Ctx = z.core.$RefinementCtx;

const entry = z.strictObject({
  publicKey: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32 && Buffer.from(v, 'base64').toString('base64') === v,
      {
        message: 'must be the base64 of a 32-byte Ed25519 public key',
      },
    ),
  validFrom: z.iso.datetime({ offset: true }),
  validUntil: z.iso.datetime({ offset: true }),
});

export function parseKeyHistory(value: string, ctx: Ctx): RetiredKey[] {
  let json: unknown;
  try {
    json = JSON.parse(value === '' ? '[]' : value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON array of { publicKey, validFrom, validUntil }' });
    return [];
  }
  const parsed = z.array(entry).safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', message: `entry ${issue.path.join('.')}: ${issue.message}` });
    }
    return [];
  }
  return parsed.data.map((e, i) => {
    const key = {
      publicKey: new Uint8Array(Buffer.from(e.publicKey, 'base64')),
      validFrom: new Date(e.validFrom),
      validUntil: new Date(e.validUntil),
    };
    if (key.validFrom >= key.validUntil) {
      ctx.addIssue({ code: 'custom', message: `entry ${i}: validFrom must be before validUntil` });
    }
    return key;
  });
}

const splitEntries = (value: string) =>
  value
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter(Boolean);

export function parseWitnessList(value: string, ctx: Ctx): WitnessConfig[] {
  return splitEntries(value).flatMap((text, i) => {
    const [url, vkey, ...rest] = text.split(/\s+/);
    if (!url || !vkey || rest.length > 0 || !/^https?:\/\/[^\s]+$/.test(url)) {
      ctx.addIssue({ code: 'custom', message: `entry ${i + 1}: must be "<http(s) URL> <witness vkey>"` });
      return [];
    }
    try {
      const parsed = parseVerifierKey(vkey);
      if (parsed.type !== SIGNATURE_TYPE_COSIGNATURE_V1) throw new Error();
      return [{ url: url.replace(/\/$/, ''), vkey, name: parsed.name }];
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `entry ${i + 1}: the vkey is not a valid cosignature/v1 (type 0x04) key`,
      });
      return [];
    }
  });
}

export function parseWitnessLogs(value: string, ctx: Ctx): string[] {
  return splitEntries(value).flatMap((vkey, i) => {
    try {
      if (parseVerifierKey(vkey).type !== SIGNATURE_TYPE_ED25519) throw new Error();
      return [vkey];
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `entry ${i + 1}: must be a log's Ed25519 vkey (name = the log's origin)`,
      });
      return [];
    }
  });
}

/** Cross-field rules of the transparency configuration. */
export function transparencyRefinements(
  env: {
    WITNESSES: WitnessConfig[];
    WITNESS_THRESHOLD?: number | undefined;
    WITNESS_NAME?: string | undefined;
    WITNESS_KEY?: string | undefined;
    WITNESS_LOGS: string[];
    TSA_CERTIFICATE?: string | undefined;
    SIGNING_KEY?: string | undefined;
    SIGNING_KEY_NEXT?: string | undefined;
  },
  ctx: Ctx,
): void {
  if (env.WITNESS_THRESHOLD !== undefined && env.WITNESS_THRESHOLD > env.WITNESSES.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['WITNESS_THRESHOLD'],
      message: `must not exceed the number of WITNESSES (${env.WITNESSES.length})`,
    });
  }
  const names = env.WITNESSES.map((w) => w.name);
  if (new Set(names).size !== names.length) {
    ctx.addIssue({ code: 'custom', path: ['WITNESSES'], message: 'names the same witness twice' });
  }
  if (Boolean(env.WITNESS_NAME) !== Boolean(env.WITNESS_KEY)) {
    ctx.addIssue({
      code: 'custom',
      path: [env.WITNESS_NAME ? 'WITNESS_KEY' : 'WITNESS_NAME'],
      message: 'WITNESS_NAME and WITNESS_KEY go together (the witness signs with its own key)',
    });
  }
  if (env.WITNESS_LOGS.length > 0 && !env.WITNESS_KEY) {
    ctx.addIssue({ code: 'custom', path: ['WITNESS_LOGS'], message: 'needs WITNESS_NAME and WITNESS_KEY' });
  }
  if (env.WITNESS_KEY && (env.WITNESS_KEY === env.SIGNING_KEY || env.WITNESS_KEY === env.SIGNING_KEY_NEXT)) {
    // c2sp.org/signed-note: the same key should not serve two signature types.
    ctx.addIssue({ code: 'custom', path: ['WITNESS_KEY'], message: 'must differ from the log signing key' });
  }
  if (env.SIGNING_KEY_NEXT && env.SIGNING_KEY_NEXT === env.SIGNING_KEY) {
    ctx.addIssue({ code: 'custom', path: ['SIGNING_KEY_NEXT'], message: 'must differ from SIGNING_KEY' });
  }
  if (env.TSA_CERTIFICATE) {
    try {
      new X509Certificate(env.TSA_CERTIFICATE.replaceAll('\\n', '\n'));
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['TSA_CERTIFICATE'],
        message: 'must be an X.509 certificate in PEM',
      });
    }
  }
}

/** A PEM from an environment variable (`\n` escapes accepted). */
export const unescapePem = (pem: string) => (pem.includes('\\n') ? pem.replaceAll('\\n', '\n') : pem);

export function privateKeyOf(pem: string) {
  return createPrivateKey({ key: unescapePem(pem), format: 'pem' });
}
