// Runs `prisma generate` offline and only when the schema changed.
//
// Prisma's CLI insists on locating its schema-engine binary even though `generate` never runs it,
// and the download host is unreachable in our build environments; pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies that check. The stamp file keeps
// `npm start` and `npm test` from paying for a regeneration when nothing changed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const schema = readFileSync(`${root}prisma/schema.prisma`);
const prismaVersion = JSON.parse(readFileSync(`${root}node_modules/prisma/package.json`, 'utf8')).version;
const digest = createHash('sha256').update(schema).update(prismaVersion).digest('hex');
const stamp = `${root}src/generated/prisma/.schema-hash`;

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest && !process.argv.includes('--force')) {
  process.exit(0);
}
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
const result = spawnSync(process.execPath, [`${root}node_modules/prisma/build/index.js`, 'generate'], {
  cwd: root,
  env,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stamp, digest);
