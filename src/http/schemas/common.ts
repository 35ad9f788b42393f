/** Schemas shared by several routes. Names (meta ids) are PascalCase, properties lowerCamelCase. */
import { z } from 'zod';

export const Uuid = z.uuid().describe('A UUID.');
export const IdParams = z.object({ id: Uuid });

export const Integrity = z
  .object({
    sequence: z
      .number()
      .int()
      .min(1)
      .describe("Position of this record in your organisation's integrity chain."),
    hash: z
      .string()
      .length(64)
      .describe('SHA-256 (hex) of previousHash followed by the canonical JSON content.'),
    previousHash: z
      .string()
      .length(64)
      .describe('Hash of the entry before it; 64 zeros for the first entry.'),
  })
  .meta({ id: 'Integrity', description: 'Where the record sits in the tamper-evident chain.' });

export const Timestamp = z.iso.datetime({ offset: true }).describe('RFC 3339 date-time.');
