/**
 * prisma/schema.prisma mirrors the SQL migrations (which dbmate applies; `prisma migrate` is not
 * used). This test proves they agree on a freshly migrated database, in both directions: every
 * model, field, primary key and unique constraint Prisma knows exists with a compatible type and
 * nullability, and every table and column of the database is known to Prisma.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum';
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  type: string;
  nativeType: [string, string[]] | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
  uniqueFields: string[][];
}

const require = createRequire(import.meta.url);
const wasm = require('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };
const schema = readFileSync(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8');
const models = (
  JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] }))) as {
    datamodel: { models: DmmfModel[] };
  }
).datamodel.models;

/** Postgres udt names a Prisma scalar may map to, by native type first, then by Prisma type. */
function compatibleTypes(field: DmmfField): string[] {
  const native = field.nativeType?.[0];
  const byNative: Record<string, string[]> = {
    Uuid: ['uuid'],
    Char: ['bpchar'],
    VarChar: ['varchar'],
    Text: ['text'],
    Timestamptz: ['timestamptz'],
    Timestamp: ['timestamp'],
    Date: ['date'],
  };
  const byType: Record<string, string[]> = {
    String: ['text'],
    Int: ['int4'],
    BigInt: ['int8'],
    Boolean: ['bool'],
    DateTime: ['timestamp'],
    Bytes: ['bytea'],
    Json: ['jsonb'],
  };
  const base = (native && byNative[native]) || byType[field.type] || [];
  return field.isList ? base.map((t) => `_${t}`) : base;
}

let db: TestDatabase;
const columns = new Map<string, Map<string, { udt: string; nullable: boolean }>>();
const keys = new Map<string, Array<{ type: string; columns: string[] }>>();

beforeAll(async () => {
  db = await createTestDatabase();
  const cols = await db.query<{
    table_name: string;
    column_name: string;
    udt_name: string;
    is_nullable: string;
  }>(
    `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
  );
  for (const c of cols.rows) {
    const table = columns.get(c.table_name) ?? new Map();
    table.set(c.column_name, { udt: c.udt_name, nullable: c.is_nullable === 'YES' });
    columns.set(c.table_name, table);
  }
  const constraints = await db.query<{ table_name: string; type: string; columns: string[] }>(
    `SELECT rel.relname AS table_name, con.contype AS type,
            array_agg(att.attname::text ORDER BY k.ord) AS columns
       FROM pg_constraint con
       JOIN pg_class rel ON rel.oid = con.conrelid
       JOIN pg_namespace ns ON ns.oid = rel.relnamespace AND ns.nspname = 'public'
       CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute att ON att.attrelid = rel.oid AND att.attnum = k.attnum
      WHERE con.contype IN ('p', 'u')
      GROUP BY rel.relname, con.conname, con.contype`,
  );
  for (const c of constraints.rows) {
    const list = keys.get(c.table_name) ?? [];
    list.push({ type: c.type, columns: c.columns });
    keys.set(c.table_name, list);
  }
});
afterAll(() => db.drop());

const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
const columnOf = (m: DmmfModel, fieldName: string) => {
  const f = m.fields.find((x) => x.name === fieldName)!;
  return f.dbName ?? f.name;
};

describe('Prisma schema mirrors the migrated database', () => {
  it('knows at least the core models (the parse worked)', () => {
    expect(models.map((m) => m.name)).toEqual(
      expect.arrayContaining(['Tenant', 'ApiKey', 'AuditChainEntry']),
    );
  });

  for (const model of models) {
    describe(`model ${model.name}`, () => {
      it('has its table', () => {
        expect(columns.has(tableOf(model)), `table ${tableOf(model)} missing`).toBe(true);
      });

      for (const field of model.fields.filter((f) => f.kind === 'scalar')) {
        it(`field ${field.name} exists with a compatible type and nullability`, () => {
          const column = columns.get(tableOf(model))?.get(field.dbName ?? field.name);
          expect(column, `column ${field.dbName ?? field.name} missing`).toBeDefined();
          expect(compatibleTypes(field)).toContain(column!.udt);
          expect(column!.nullable).toBe(!field.isRequired && !field.isList);
        });
      }

      it('has the same primary key', () => {
        const pk = model.primaryKey?.fields ?? model.fields.filter((f) => f.isId).map((f) => f.name);
        const dbPk = keys.get(tableOf(model))?.find((k) => k.type === 'p')?.columns;
        expect(dbPk).toEqual(pk.map((f) => columnOf(model, f)));
      });

      it('has every unique constraint Prisma relies on', () => {
        const uniques = [
          ...model.uniqueFields,
          ...model.fields.filter((f) => f.isUnique).map((f) => [f.name]),
        ].map((fields) => fields.map((f) => columnOf(model, f)).join(','));
        const dbUniques = (keys.get(tableOf(model)) ?? [])
          .filter((k) => k.type === 'u')
          .map((k) => k.columns.join(','));
        for (const unique of uniques) expect(dbUniques).toContain(unique);
      });
    });
  }

  it('every table and column of the database is known to Prisma', () => {
    const known = new Map(
      models.map((m) => [
        tableOf(m),
        new Set(m.fields.filter((f) => f.kind === 'scalar').map((f) => f.dbName ?? f.name)),
      ]),
    );
    for (const [table, cols] of columns) {
      expect(known.has(table), `table ${table} has no Prisma model`).toBe(true);
      for (const column of cols.keys()) {
        expect(known.get(table)!.has(column), `column ${table}.${column} is not in the Prisma schema`).toBe(
          true,
        );
      }
    }
  });
});
