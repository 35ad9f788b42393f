/**
 * The HTTP shape of the consent registry. Every string a person or system types goes through the
 * shared guards: references are opaque (never a BSN) and free text may not hold a BSN either.
 */
import { z } from 'zod';
import { ConsentForm, ConsentStatus, GrantorType, RepresentativeRole } from '../../consent/vocabulary.js';
import { isCalendarDate } from '../../engine/index.js';
import {
  AgeGroup,
  DecisionCapacity,
  InformationCategory,
  PURPOSE_TYPES,
  PurposeType,
  RecipientType,
} from '../../engine/vocabulary.js';
import { FreeText, OpaqueRef, TraceContextRef } from './assessment.js';
import { Integrity } from './common.js';
import { storableText } from './text.js';

/** Free text of the registry: length-limited and, like every stored text, never holding a BSN. */
const GuardedText = (max: number) => FreeText(max);

const CalendarDate = storableText('token', { max: 10 })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a real calendar date');

const unique = <T>(list: T[]) => new Set(list).size === list.length;

/** Who consented (or withdrew): the client, or a representative in a named capacity. */
const Person = (what: string) =>
  z
    .strictObject({
      type: GrantorType.describe(`Who ${what}: the client, or a representative.`),
      role: RepresentativeRole.optional().describe(
        'For a representative: parent (with authority), guardian, mentor, curator or another statutory representative.',
      ),
    })
    .superRefine((person, ctx) => {
      if (person.type === 'representative' && !person.role) {
        ctx.addIssue({ code: 'custom', path: ['role'], message: 'is required for a representative' });
      }
      if (person.type === 'client' && person.role) {
        ctx.addIssue({ code: 'custom', path: ['role'], message: 'is only given for a representative' });
      }
    });

export const ConsentRequestBody = z
  .strictObject({
    client: z
      .strictObject({
        ref: OpaqueRef.describe(
          'Your client reference (opaque; never a BSN). Stored only as a keyed pseudonym, the same one weighings use.',
        ),
        ageGroup: AgeGroup.describe('The client’s age group at the time of consent.'),
        decisionCapacity: DecisionCapacity.default('unknown').describe(
          'Whether the client could decide on this matter at the time of consent (wilsbekwaam ter zake).',
        ),
      })
      .meta({ id: 'ConsentClient' }),
    grantor: Person('gave the consent').meta({ id: 'ConsentGrantor' }),
    recipient: z
      .strictObject({
        type: RecipientType,
        organisation: GuardedText(200)
          .optional()
          .describe(
            'A named organisation narrows the consent to it: a weighing must name that recipient (e.g. "Gemeente Utrecht, werkconsulent").',
          ),
      })
      .meta({ id: 'ConsentRecipient' }),
    purposes: z
      .array(PurposeType)
      .min(1)
      .max(PURPOSE_TYPES.length)
      .refine(unique, 'each purpose may be listed once')
      .describe('The purposes the consent is for.'),
    categories: z
      .array(InformationCategory)
      .min(1)
      .max(15)
      .refine(unique, 'each category may be listed once')
      .describe('The information the consent covers. `full_record` is covered only when listed.'),
    form: ConsentForm.describe('Written, or oral.'),
    recorded: z
      .boolean()
      .optional()
      .describe('For oral consent (required then): whether it is recorded in the client record.'),
    evidenceRef: OpaqueRef.optional().describe(
      'Where the evidence is in your case system: a document id or a hash. Never the document itself.',
    ),
    informed: z.boolean().describe('The client could oversee what is shared, with whom and why.'),
    freelyGiven: z.boolean().describe('Given without pressure or dependency on the recipient.'),
    validFrom: CalendarDate.describe('First day the consent counts (YYYY-MM-DD).'),
    validUntil: CalendarDate.describe(
      'Last day the consent counts (YYYY-MM-DD); at most CONSENT_MAX_TERM_DAYS (default 366) after validFrom.',
    ),
    motivation: GuardedText(2000).optional().describe('Your reasoning, in your own words.'),
  })
  .superRefine((body, ctx) => {
    if (body.form === 'oral' && body.recorded === undefined) {
      ctx.addIssue({ code: 'custom', path: ['recorded'], message: 'is required for oral consent' });
    }
    if (body.form === 'written' && body.recorded !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['recorded'], message: 'is only given for oral consent' });
    }
  })
  .meta({
    id: 'ConsentRequest',
    description: 'A consent to register: who, what, to whom, why and how long.',
  });

export const WithdrawalBody = z
  .strictObject({
    withdrawnBy: Person('withdrew').meta({ id: 'ConsentWithdrawnBy' }),
    withdrawnAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('When it was withdrawn (RFC 3339), if before now; not in the future.'),
    text: GuardedText(2000).optional().describe('An optional note, in your own words.'),
  })
  .meta({ id: 'ConsentWithdrawalRequest' });

const SourcedText = z.object({ code: z.string(), explanation: z.string(), sources: z.array(z.string()) });

export const ConsentWithdrawalSchema = z
  .object({
    id: z.uuid(),
    withdrawnAt: z.string(),
    withdrawnBy: z.object({ type: GrantorType, role: RepresentativeRole.optional() }),
    text: z.string().optional(),
    recordedAt: z.string(),
    recordedBy: z.object({ apiKeyId: z.uuid() }),
    traceContext: TraceContextRef.optional(),
    integrity: Integrity,
  })
  .meta({ id: 'ConsentWithdrawal' });

export const ConsentSchema = z
  .object({
    id: z.uuid(),
    recordedAt: z.string(),
    status: ConsentStatus.describe('On the day it is read (Europe/Amsterdam).'),
    client: z.object({
      refPseudonym: z.string().describe('Keyed pseudonym of the client reference.'),
      ageGroup: AgeGroup,
      decisionCapacity: DecisionCapacity,
    }),
    grantor: z.object({ type: GrantorType, role: RepresentativeRole.optional() }),
    recipient: z.object({ type: RecipientType, organisation: z.string().optional() }),
    purposes: z.array(PurposeType),
    categories: z.array(InformationCategory),
    form: ConsentForm,
    recorded: z.boolean().optional(),
    evidenceRef: z.string().optional(),
    informed: z.boolean(),
    freelyGiven: z.boolean(),
    validFrom: z.string(),
    validUntil: z.string(),
    motivation: z.string().optional(),
    problems: z
      .array(SourcedText)
      .describe(
        'Why this consent cannot fit any request, whatever is asked (a blanket scope, oral and not recorded, not informed, not free); empty when there is no such problem.',
      ),
    recordedBy: z.object({ apiKeyId: z.uuid() }),
    serviceVersion: z.string(),
    traceContext: TraceContextRef.optional().describe('The W3C trace the registration was made in.'),
    integrity: Integrity,
    withdrawal: ConsentWithdrawalSchema.nullable(),
  })
  .meta({ id: 'Consent', description: 'A registered consent, as recorded in the integrity chain.' });

export const ConsentList = z
  .object({
    items: z.array(ConsentSchema),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  })
  .meta({ id: 'ConsentList' });

const Format = z
  .enum(['json', 'fhir'])
  .optional()
  .describe(
    '`fhir`: a FHIR R5 Consent (a searchset Bundle for the list); the same as `Accept: application/fhir+json`.',
  );

export const ConsentQuery = z.strictObject({ format: Format });

export const ConsentListQuery = z.strictObject({
  clientRef: OpaqueRef.optional().describe('Matched through its pseudonym.'),
  status: ConsentStatus.optional().describe('On today’s date (Europe/Amsterdam).'),
  recipientType: RecipientType.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: storableText('token', { max: 32 })
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'is not a cursor returned by this API')
    .optional(),
  format: Format,
});

/** A FHIR resource: checked by its own mapping (docs/fhir-consent.md), not by this schema. */
export const FhirResource = z
  .looseObject({ resourceType: z.string() })
  .describe('A FHIR R5 resource (Consent, or a Bundle of them); see docs/fhir-consent.md.');
