/**
 * Two PDFs compared as documents rather than bytes: every FlateDecode stream inflated, stream
 * lengths and the cross-reference table (offsets) left out. Deflate output may differ between zlib
 * builds (Node versions) for the same content; what a PDF says may not.
 */
import { inflateSync } from 'node:zlib';

export function pdfContent(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  let out = '';
  let at = 0;
  const re = /\/Length (\d+)([\s\S]*?)>>\nstream\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const length = Number(m[1]);
    const data = pdf.subarray(start, start + length);
    const flate = m[0].includes('/Filter /FlateDecode');
    out += text.slice(at, m.index) + m[2];
    out += `>>\nstream\n${flate ? inflateSync(data).toString('latin1') : data.toString('latin1')}`;
    at = start + length;
    re.lastIndex = at;
  }
  out += text.slice(at);
  // Offsets and the trailer's startxref depend on the compressed lengths.
  return out.replace(/\nxref\n[\s\S]*$/, '\n');
}
