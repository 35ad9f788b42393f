/**
 * The container must run exactly what CI's smoke test runs: the commands of the `start:prod` and
 * `db:migrate:prod` scripts, started directly so the process receives SIGTERM itself.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const execForm = (json: string) => (JSON.parse(json) as string[]).join(' ');

describe('container and CI run the same commands', () => {
  it('the image starts the server with the start:prod command', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))?.[1];
    expect(cmd).toBeDefined();
    expect(execForm(cmd!)).toBe(scripts['start:prod']);
  });

  it('the image builds with npm ci and npm run build', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/RUN npm run build/);
  });

  it('the compose migrate service runs the db:migrate:prod command', () => {
    const command = /migrate:[\s\S]*?command: (\[.*\])/.exec(read('docker-compose.yml'))?.[1];
    expect(command).toBeDefined();
    expect(execForm(command!)).toBe(scripts['db:migrate:prod']);
  });

  it('CI runs lint, typecheck, the tests and the smoke test of the built server', () => {
    const ci = read('.ci/run');
    for (const step of ['npm ci', 'npm run lint', 'npm run typecheck', 'npm test', 'npm run smoke'])
      expect(ci).toContain(step);
  });
});
