/**
 * The PDF checks of issue #14 run with real, independent tools: poppler-utils (pdffonts,
 * pdfdetach, pdftoppm) and qpdf. `.ci/run` installs them. On a developer machine without them the
 * tests that need them are skipped with a message saying how to get them; in CI (CI=true) a
 * missing tool fails instead, so a green CI always means the checks ran.
 */
import { spawnSync } from 'node:child_process';

export const PDF_TOOLS = ['pdffonts', 'pdfdetach', 'pdfinfo', 'qpdf'] as const;

const has = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).error === undefined;

export const missingPdfTools: string[] = PDF_TOOLS.filter((tool) => !has(tool));

/** True when the tests may run; logs once why not otherwise (and throws in CI). */
export function pdfToolsAvailable(): boolean {
  if (missingPdfTools.length === 0) return true;
  const message =
    `PDF tool checks skipped: ${missingPdfTools.join(', ')} not installed ` +
    '(Debian/Ubuntu: apt-get install poppler-utils qpdf; bash .ci/run installs them).';
  if (process.env.CI === 'true') throw new Error(message.replace('skipped', 'cannot run in CI'));
  console.warn(message);
  return false;
}

/** Runs a tool; returns its exit status and output (stdout and stderr). */
export function runTool(tool: string, args: string[]): { status: number; output: string } {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}
