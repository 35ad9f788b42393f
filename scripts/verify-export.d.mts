// Types of what scripts/verify-export.mjs exports, for the project's tests (the script itself stays
// plain JavaScript so that it runs anywhere with Node alone).
export interface OfflineReport {
  results: Array<{ ok: boolean; what: string }>;
  notes: string[];
}
export interface OfflineVerifier {
  name: string;
  keyId: number;
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}
export function canonical(value: unknown): string;
export function chainHash(previousHash: string, content: string): string;
export function leafHash(data: Uint8Array): Buffer;
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer;
export function parseHash(text: string): Buffer | null;
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: Uint8Array[],
  root: Uint8Array,
): boolean;
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: Uint8Array[],
): boolean;
export function keyId(name: string, type: number, publicKey: Uint8Array): number;
export function noteVerifier(vkey: string): OfflineVerifier;
export function cosignatureVerifier(vkey: string): OfflineVerifier;
export function openNote(
  note: string,
  verifiers: OfflineVerifier[],
): {
  text: string;
  verified: Array<{ name: string; timestamp: number | null }>;
  unverified: Array<{ name: string }>;
};
export function parseCheckpoint(text: string): {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  extensions: string[];
};
export function verifyTimestampToken(
  token: Uint8Array,
  data: Uint8Array,
  trustedCertificatePem?: string,
): { genTime: Date; signer: string };
export function presentationDigest(dossier: unknown): string;
/** The embedded files of a PDF, decoded, with their MD5 checked where the PDF states one. */
export function embeddedFilesOf(
  pdf: Uint8Array,
): Array<{ data: Buffer; checksumOk: boolean | null; subtype: string | null }>;
/** The dossier a file holds: JSON as it is, or the JSON dossier embedded in a PDF. */
export function readDossier(bytes: Uint8Array, label?: string): unknown;
export function verifyDossier(
  dossier: unknown,
  keys: string,
  options?: {
    witnesses?: string[];
    threshold?: number;
    tsaCertificatePem?: string;
    consistencyProof?: string[];
    service?: string;
  },
  others?: Array<[string, unknown]>,
): Promise<OfflineReport>;
