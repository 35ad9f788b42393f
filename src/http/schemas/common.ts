/** Schemas shared by several routes. Names (meta ids) are PascalCase, properties lowerCamelCase. */
import { z } from 'zod';
import { machineValue } from './text.js';

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

/**
 * The range of date-times the service accepts. PostgreSQL and JavaScript dates reach further, but
 * the drivers between them do not agree at the edges (year 0000 failed as a server error), and no
 * record of this service lies outside it.
 */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(10_000, 0, 1);
const RANGE = 'must lie between 1900-01-01 and 9999-12-31';
const inRange = (time: number) => Number.isFinite(time) && time >= EARLIEST && time < LATEST;

export const Timestamp = z.iso
  .datetime({ offset: true })
  .refine((value) => inRange(Date.parse(value)), RANGE)
  .describe('RFC 3339 date-time.');

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC offset of Europe/Amsterdam at an instant, as "+01:00" or "+02:00". */
function amsterdamOffset(at: Date): string {
  const name = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  const offset = name?.replace('GMT', '') ?? '';
  return offset === '' ? '+00:00' : offset;
}

/**
 * A filter bound: a date alone means the start of that day in the Netherlands (Europe/Amsterdam,
 * where the records' professionals work), so `from=2026-11-30&to=2026-12-01` is 30 November.
 */
export function parseInstant(value: string): Date {
  if (!DATE_ONLY.test(value)) return new Date(value);
  // Clocks change at 01:00 UTC, so the offset in force at 23:00 UTC the evening before is the one
  // in force at local midnight, on the two days of the year it changes as on every other.
  return new Date(`${value}T00:00:00${amsterdamOffset(new Date(`${value}T00:00:00+01:00`))}`);
}

const isInstant = (value: string) =>
  (DATE_ONLY.test(value) ? z.iso.date() : z.iso.datetime({ offset: true })).safeParse(value).success;

/** A date (`2026-11-30`, start of that day in the Netherlands) or an RFC 3339 date-time. */
export const Instant = machineValue(
  z
    .string()
    .refine(isInstant, 'must be a date (2026-11-30) or an RFC 3339 date-time (2026-11-30T09:00:00+01:00)')
    .refine((value) => !isInstant(value) || inRange(parseInstant(value).getTime()), RANGE),
  'A date or date-time, checked as one: it cannot hold free text.',
)
  .describe('A date (`2026-11-30`: the start of that day, Dutch time) or an RFC 3339 date-time.')
  .meta({ examples: ['2026-11-30', '2026-11-30T09:00:00+01:00'] });
