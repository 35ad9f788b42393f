import { readFileSync } from 'node:fs';

/** The service's own version (package.json), recorded with every weighing. */
export const SERVICE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
