/**
 * npm run audit:verify [-- --tenant <organisation>] [-- --json]
 *
 * Recomputes the integrity chain of one organisation, or of all of them, and exits non-zero when a
 * chain is broken, so it can run from cron or CI.
 */
import { fail, openCliContext, parseArgs, runCli } from './context.js';
import { printable } from './terminal.js';

const { options } = parseArgs(process.argv.slice(2));
let broken = false;
await runCli(async () => {
  const context = await openCliContext();
  try {
    const { backend } = context;
    const tenantName = typeof options.tenant === 'string' ? options.tenant : undefined;
    const tenants = tenantName
      ? [await backend.tenants.findByName(tenantName)]
      : await backend.tenants.list();
    for (const tenant of tenants) {
      if (!tenant) fail(`no organisation named "${printable(tenantName ?? '')}"`);
      const report = await backend.verifier.verify(tenant.id);
      broken ||= !report.intact;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ organisation: tenant.name, ...report })}\n`);
        continue;
      }
      const rate =
        report.durationMs > 0
          ? Math.round((report.recordsChecked / report.durationMs) * 1000)
          : report.recordsChecked;
      process.stdout.write(
        `${printable(tenant.name)}: ${report.intact ? 'intact' : 'BROKEN'} - ${report.recordsChecked} records checked in ${report.durationMs} ms (${rate} records/s), head ${report.headSequence} ${report.headHash ?? '-'}\n`,
      );
      if (report.firstBrokenLink) {
        process.stdout.write(
          `  first broken link: entry ${report.firstBrokenLink.sequence}: ${report.firstBrokenLink.reason}\n`,
        );
      }
    }
  } finally {
    await context.close();
  }
});
process.exit(broken ? 1 : 0);
