/** Helpers for dossier tests: run the offline verifier and extract the text of a PDF. */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/verify-export.mjs', import.meta.url));
const STANDARD_FONTS = fileURLToPath(
  new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url),
);

/**
 * Runs scripts/verify-export.mjs the way a third party would: a copy of the script alone, in an
 * empty directory outside the project, on files written there. A Buffer is a PDF dossier.
 */
export async function verifyOffline(
  dossier: unknown,
  publicKeyPem: string,
  others: unknown[] = [],
  options: { args?: string[]; files?: Record<string, string> } = {},
): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pss-verify-'));
  copyFileSync(SCRIPT, join(dir, 'verify-export.mjs'));
  // A PDF is given as its bytes: the script takes the dossier embedded in it.
  const file = Buffer.isBuffer(dossier) ? 'dossier.pdf' : 'dossier.json';
  writeFileSync(
    join(dir, file),
    Buffer.isBuffer(dossier) ? dossier : typeof dossier === 'string' ? dossier : JSON.stringify(dossier),
  );
  writeFileSync(join(dir, 'public-key.pem'), publicKeyPem);
  const extra = others.map((other, i) => {
    const name = typeof other === 'string' ? `other-${i}.txt` : `other-${i}.json`;
    writeFileSync(join(dir, name), typeof other === 'string' ? other : JSON.stringify(other));
    return name;
  });
  for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), text);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['verify-export.mjs', file, 'public-key.pem', ...(options.args ?? []), ...extra],
      { cwd: dir },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

/** The text of each page, as a PDF reader extracts it (Mozilla pdf.js, legacy build for Node). */
export async function pdfText(pdf: Buffer): Promise<string[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await getDocument({
    data: new Uint8Array(pdf),
    standardFontDataUrl: STANDARD_FONTS,
    isEvalSupported: false,
  }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
        .join('')
        .replace(/[ \t]+/g, ' '),
    );
  }
  await document.destroy();
  return pages;
}
