/**
 * npm run seed:assessments -- [--records 1000000] [--tenant "Bulk"] [--days 365]
 *
 * Fills the configured database (DATABASE_URL, or the embedded one of DATA_DIR) with recorded
 * weighings for a new organisation, to try queries and verification at scale. Prints an API key
 * (read and audit scopes) of that organisation. Uses the service's pseudonymisation secret, so
 * querying by clientRef ("client-<n>") works.
 */

import { seedAssessments } from '../bench/support/seed.js';
import { parseArgs } from '../src/cli/context.js';
import { parseEnv } from '../src/config/env.js';
import { loadLocalSecrets, resolvePseudonymisationSecret } from '../src/config/secrets.js';
import { withCredentials } from '../src/db/migrations.js';
import { EMBEDDED_APP_ROLE } from '../src/server.js';

const { options } = parseArgs(process.argv.slice(2));
const number = (name: string, fallback: number) =>
  typeof options[name] === 'string' ? Number(options[name]) : fallback;
const env = parseEnv();
let url = env.DATABASE_URL;
if (!url) {
  // The embedded database of `npm start` (which must be running).
  const secrets = loadLocalSecrets(env.DATA_DIR);
  url = withCredentials(
    `postgres://127.0.0.1:${env.EMBEDDED_PG_PORT}/beroepsgeheim?sslmode=disable`,
    EMBEDDED_APP_ROLE,
    secrets.appDbPassword,
  );
}
const records = number('records', 1_000_000);
const started = performance.now();
const seeded = await seedAssessments({
  url,
  tenantName: typeof options.tenant === 'string' ? options.tenant : `Bulk ${new Date().toISOString()}`,
  pseudonymisationSecret: resolvePseudonymisationSecret(env),
  records,
  days: number('days', 365),
  onProgress: (done) => {
    if (done % 100_000 === 0 || done === records) {
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `${done} records in ${seconds.toFixed(0)} s (${Math.round(done / seconds)} records/s)\n`,
      );
    }
  },
});
process.stdout.write(`organisation ${seeded.tenantId}\nAPI key (read, audit): ${seeded.key}\n`);
