/**
 * The zod schema of an AssessmentRequest for a given ruleset: the answers object accepts exactly
 * the ruleset's question ids, each with the value type of its question.
 */
import { z } from 'zod';
import type { CompiledRuleset } from './compile.js';
import { activeRuleset } from './registry.js';
import type { AssessmentRequest } from './types.js';
import {
  AgeGroup,
  DecisionCapacity,
  InformationCategory,
  Profession,
  PurposeType,
  RecipientType,
} from './vocabulary.js';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A YYYY-MM-DD string that names a real calendar day (leap years included). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= max;
}

export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'not a real calendar date');

const ref = z.string().min(1).max(100);

/** What a caller may send: like AssessmentRequest, with the defaulted members optional. */
export type AssessmentRequestInput = Omit<AssessmentRequest, 'client' | 'professional' | 'answers'> & {
  client: Omit<AssessmentRequest['client'], 'deceased'> & { deceased?: boolean | undefined };
  professional: Omit<AssessmentRequest['professional'], 'employedByMunicipality'> & {
    employedByMunicipality?: boolean | undefined;
  };
  answers?: AssessmentRequest['answers'] | undefined;
};

export type AssessmentRequestSchema = z.ZodType<AssessmentRequest, AssessmentRequestInput>;

export function createAssessmentRequestSchema(ruleset: CompiledRuleset): AssessmentRequestSchema {
  const answers: Record<string, z.ZodType> = {};
  for (const q of ruleset.data.questions) {
    const type =
      q.type === 'boolean'
        ? z.boolean()
        : q.type === 'enum'
          ? z.enum(q.options!.map((o) => o.value) as [string, ...string[]])
          : calendarDate;
    answers[q.id] = type.optional();
  }
  return z.strictObject({
    caseRef: ref,
    client: z.strictObject({
      ref,
      ageGroup: AgeGroup,
      decisionCapacity: DecisionCapacity,
      deceased: z.boolean().default(false),
    }),
    professional: z.strictObject({
      ref,
      profession: Profession,
      employedByMunicipality: z.boolean().default(false),
    }),
    recipient: z.strictObject({ type: RecipientType, name: z.string().max(500).optional() }),
    purpose: z.strictObject({ type: PurposeType, description: z.string().max(500).optional() }),
    requestedInformation: z
      .array(InformationCategory)
      .min(1)
      .max(15)
      .refine((list) => new Set(list).size === list.length, 'each category may be requested once'),
    answers: z.strictObject(answers).default({}),
  }) as unknown as AssessmentRequestSchema;
}

/** The request schema of the active ruleset. */
export const assessmentRequestSchema: AssessmentRequestSchema = createAssessmentRequestSchema(activeRuleset);
