/**
 * The layering the README promises, checked on the source: the rules engine and the consent rules
 * are pure (no Fastify, Prisma, database or other I/O), routes do not touch the database, and only repositories (plus
 * the database module itself) use Prisma or node-postgres.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : files(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Module specifiers a file imports; `typeOnly` ones vanish at run time. */
const importsOf = (path: string) =>
  [
    ...readFileSync(path, 'utf8').matchAll(
      /(?:^|\n)\s*(import type|import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g,
    ),
  ].map((m) => ({ spec: (m[2] ?? m[3])!, typeOnly: m[1] === 'import type' }));

const all = files(src).map((path) => {
  const imports = importsOf(path);
  return {
    path: relative(src, path),
    imports: imports.map((i) => i.spec),
    runtimeImports: imports.filter((i) => !i.typeOnly).map((i) => i.spec),
  };
});

describe('architecture', () => {
  it('found the sources (the scan works)', () => {
    expect(all.length).toBeGreaterThan(40);
    expect(all.find((f) => f.path === 'engine/evaluate.ts')?.imports.length).toBeGreaterThan(0);
  });

  it('the rules engine imports only zod, node:crypto and pure project code', () => {
    const allowedPackages = new Set(['zod', 'node:crypto']);
    for (const file of all.filter((f) => f.path.startsWith('engine/'))) {
      for (const spec of file.imports) {
        if (allowedPackages.has(spec)) continue;
        expect(spec.startsWith('.'), `${file.path} imports the package ${spec}`).toBe(true);
        const target = relative(src, join(src, file.path, '..', spec));
        expect(
          target.startsWith('engine/') || target === 'lib/canonical-json.js',
          `${file.path} imports ${spec}`,
        ).toBe(true);
      }
    }
  });

  it('the evidence formats in src/audit are pure: node:crypto, the ASN.1 schemas for RFC 3161, each other', () => {
    for (const file of all.filter((f) => f.path.startsWith('audit/'))) {
      for (const spec of file.imports) {
        if (spec === 'node:crypto') continue;
        if (file.path === 'audit/rfc3161.ts' && spec.startsWith('@peculiar/asn1-')) continue;
        expect(spec.startsWith('.'), `${file.path} imports the package ${spec}`).toBe(true);
        const target = relative(src, join(src, file.path, '..', spec));
        expect(
          target.startsWith('audit/') || target === 'lib/canonical-json.js',
          `${file.path} imports ${spec}`,
        ).toBe(true);
      }
    }
  });

  it('the consent rules import only zod, the vocabulary and types of the engine, and each other', () => {
    const consent = all.filter((f) => f.path.startsWith('consent/'));
    expect(consent.length).toBeGreaterThan(4);
    for (const file of consent) {
      for (const spec of file.imports) {
        if (spec === 'zod') continue;
        expect(spec.startsWith('.'), `${file.path} imports the package ${spec}`).toBe(true);
        const target = relative(src, join(src, file.path, '..', spec));
        expect(
          target.startsWith('consent/') || target === 'engine/vocabulary.js' || target === 'engine/types.js',
          `${file.path} imports ${spec}`,
        ).toBe(true);
      }
    }
  });

  it('routes and HTTP code never touch the database', () => {
    for (const file of all.filter((f) => f.path.startsWith('http/'))) {
      for (const spec of file.runtimeImports) {
        expect(
          /(^pg$|prisma|\/db\/database|\/repositories\/)/.test(spec),
          `${file.path} imports ${spec}`,
        ).toBe(false);
      }
    }
  });

  it('only repositories and the database module use Prisma or node-postgres', () => {
    const allowed = (path: string) =>
      path.startsWith('repositories/') ||
      path.startsWith('db/') ||
      path.startsWith('cli/') ||
      path === 'server.ts';
    for (const file of all.filter((f) => !allowed(f.path))) {
      for (const spec of file.imports) {
        expect(
          /^(pg|pg-query-stream|pg-copy-streams|@prisma\/.*)$|generated\/prisma/.test(spec),
          `${file.path} imports ${spec}`,
        ).toBe(false);
      }
    }
  });
});
