/**
 * The HTTP shape of a sharing request and of a recorded weighing. The request mirrors the rules
 * engine's request schema (a unit test proves both accept and refuse the same requests), adding
 * what only the API boundary knows: references must be opaque (never a BSN), and documentation
 * for the OpenAPI document. Answers are derived from the active ruleset's question catalogue.
 */
import { z } from 'zod';
import {
  type AssessmentRequest,
  activeRuleset,
  isCalendarDate,
  questionCatalogue,
} from '../../engine/index.js';
import {
  AgeGroup,
  Decision,
  DecisionCapacity,
  Ground,
  InformationCategory,
  Language,
  Profession,
  ProfessionalRegister,
  PurposeType,
  RecipientType,
} from '../../engine/vocabulary.js';
import {
  EVENT_TYPES,
  type ProfessionalIdentity,
  type WeighingStatement,
} from '../../services/assessments.js';
import { Instant, Integrity, Timestamp } from './common.js';
import { OpaqueRef, storableText } from './text.js';

export { OpaqueRef };

/** Free text a person types (names, descriptions, notes), guarded like every stored text. */
export const FreeText = (max: number) => storableText('free', { max });

/** A motivation in the professional's own words, at most 4000 characters. */
// Free text in the append-only chain: the shared guard refuses a BSN (Wabb art. 10) and controls.
const Motivation = FreeText(4000).refine((v) => v.trim().length > 0, 'must not be empty');

/** The professional's registration in a public register. */
const Registration = z
  .strictObject({
    register: ProfessionalRegister.describe(
      '`big` (BIG-register), `skj` (Kwaliteitsregister Jeugd), `registerplein`, `kwaliteitsregister_vv` ' +
        '(Verpleegkundigen & Verzorgenden), `kwaliteitsregister_paramedici`, or `other`.',
    ),
    // Checked as a token: the number itself must not be a BSN, but a BIG number has 11 digits, and
    // one in four of those holds a nine-digit run that passes the eleven-test by chance.
    number: storableText('token', { min: 1, max: 40 })
      .regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'must be letters, digits, spaces, dots, slashes or hyphens')
      .describe('The registration number as the register gives it (a BIG number has 11 digits).'),
  })
  .meta({ id: 'ProfessionalRegistration' });

function answersSchema() {
  const shape: Record<string, z.ZodOptional<z.ZodType<boolean | string>>> = {};
  for (const q of questionCatalogue(activeRuleset, { language: 'en' })) {
    const base =
      q.type === 'boolean'
        ? z.boolean()
        : q.type === 'enum'
          ? z.enum(q.options as [string, ...string[]])
          : storableText('token', { max: 10 })
              .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
              .refine(isCalendarDate, 'must be a real calendar date');
    shape[q.id] = (base as z.ZodType<boolean | string>).optional().describe(q.text);
  }
  return z
    .strictObject(shape)
    .default({})
    .describe(
      "The professional's answers, keyed by question id (GET /v1/questions). Unknown ids are refused; omitted ids are unanswered.",
    );
}

export const AssessmentRequestBody = z
  .strictObject({
    caseRef: OpaqueRef.describe('Your case reference (opaque; never a BSN).'),
    client: z
      .strictObject({
        ref: OpaqueRef.describe(
          'Your client reference (opaque; never a BSN). Stored only as a keyed pseudonym.',
        ),
        ageGroup: AgeGroup,
        decisionCapacity: DecisionCapacity.describe(
          'Whether the client can decide on this matter (wilsbekwaam ter zake).',
        ),
        deceased: z.boolean().default(false),
      })
      .meta({ id: 'Client' }),
    professional: z
      .strictObject({
        ref: OpaqueRef.describe('Reference of the professional with the secrecy duty.'),
        profession: Profession,
        employedByMunicipality: z.boolean().default(false),
        displayName: storableText('name', { max: 200 })
          .refine((v) => v.trim().length > 0, 'must not be empty')
          .optional()
          .describe(
            "The professional's name as the dossier should show it (their own data, not the client's). Stored " +
              'in the integrity chain with the weighing. Optional.',
          ),
        registration: Registration.optional().describe(
          "The professional's registration in a public register, shown in the dossier. Optional.",
        ),
      })
      .meta({ id: 'Professional' }),
    recipient: z
      .strictObject({
        type: RecipientType,
        name: storableText('name', { max: 500 }).optional().describe('Who asks, in words.'),
      })
      .meta({ id: 'Recipient' }),
    purpose: z
      .strictObject({
        type: PurposeType,
        description: FreeText(500).optional().describe('The stated purpose, in words.'),
      })
      .meta({ id: 'Purpose' }),
    requestedInformation: z
      .array(InformationCategory)
      .min(1)
      .max(15)
      .refine((list) => new Set(list).size === list.length, 'each category may be requested once'),
    answers: answersSchema(),
    consentId: z
      .uuid()
      .optional()
      .describe(
        'A consent registered with POST /v1/consents. The service then answers every consent question from the registry as of the day of the weighing (send no `consent.*` answers yourself: that is a 422), and the trace says whether the consent fitted and why not.',
      ),
    motivation: Motivation.optional().describe(
      "The professional's own weighing, in their own words: why they decide as they do, and for instance why " +
        'consent could not be asked. Shown prominently in the dossier; stored in the integrity chain. At most ' +
        '4000 characters; never a BSN. The rules engine does not read it.',
    ),
    language: Language.optional().describe(
      "The language the record's texts are written in. Default: your organisation's language " +
        '(`GET /v1/organisation`, `nl` unless set). `Accept-Language` chooses only the language of the answer.',
    ),
  })
  .meta({
    id: 'AssessmentRequest',
    description: "A request to share client information, with the professional's answers.",
  });

type RequestBody = z.infer<typeof AssessmentRequestBody>;

/**
 * The validated body as the engine takes it: unanswered questions are absent, not undefined; the
 * professional's identity and motivation and the record language are not the engine's.
 */
export function toAssessmentRequest(body: RequestBody): AssessmentRequest {
  const answers: Record<string, boolean | string> = {};
  for (const [id, value] of Object.entries(body.answers)) if (value !== undefined) answers[id] = value;
  const { consentId: _reference, motivation: _m, language: _l, professional, ...rest } = body;
  const { displayName: _n, registration: _r, ...weighed } = professional;
  return { ...rest, professional: weighed, answers };
}

/** What the professional adds in their own words and name (recorded beside the request). */
export function weighingStatementOf(body: RequestBody): WeighingStatement {
  const identity: ProfessionalIdentity = {
    ...(body.professional.displayName !== undefined ? { displayName: body.professional.displayName } : {}),
    ...(body.professional.registration !== undefined ? { registration: body.professional.registration } : {}),
  };
  return {
    ...(body.motivation !== undefined ? { motivation: body.motivation } : {}),
    ...(Object.keys(identity).length > 0 ? { identity } : {}),
  };
}

export const AssessmentQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Evaluate without recording (answers 200), e.g. while walking the questions.'),
});

const Sources = z
  .array(z.string())
  .describe(
    'The passages of the source texts, statutes and rulings the text rests on, one readable citation each ' +
      '(`citations` gives the same, structured).',
  );

export const CitationSchema = z
  .object({
    document: z
      .string()
      .optional()
      .describe('The source text, by its short title (docs/rules.md lists them).'),
    section: z.string().optional().describe('Where in the document: section, question or footnote.'),
    statute: z.string().optional().describe('A statute, cited as a statute (`art. 7:457 lid 2 BW`).'),
    ecli: z.string().optional().describe('A ruling, by its ECLI.'),
    text: z.string().describe('The whole citation as one line.'),
  })
  .meta({ id: 'Citation' });
const Citations = z.array(CitationSchema).optional().describe('The sources, structured, in the same order.');

const InformationItem = z
  .object({
    category: InformationCategory,
    reason: z.string(),
    ruleId: z.string(),
    sources: Sources,
    citations: Citations,
  })
  .meta({ id: 'InformationItem' });

export const QuestionSchema = z
  .object({
    id: z.string(),
    type: z.enum(['boolean', 'enum', 'date']),
    options: z.array(z.string()).optional(),
    optionTexts: z
      .array(z.object({ value: z.string(), text: z.string() }))
      .optional()
      .describe('The text of each option of an enum question.'),
    text: z.string(),
    help: z.string(),
    sources: Sources,
    citations: Citations,
    order: z.number().int().optional().describe('Position in the decision tree (1 = ask first).'),
    grounds: z.array(Ground).optional().describe('The grounds this question helps decide.'),
  })
  .meta({ id: 'Question' });

const TraceEntrySchema = z
  .object({
    ruleId: z.string(),
    outcome: z.enum(['met', 'not_met', 'not_applicable', 'unanswered']),
    explanation: z.string(),
    sources: Sources,
    citations: Citations,
  })
  .meta({ id: 'TraceEntry' });

const EntryRefSchema = z.object({
  sequence: z.number().int().min(1).describe('Position of the entry in your organisation’s chain.'),
  hash: z.string().length(64).describe('Hash of that chain entry.'),
});

/** How a weighing used a registered consent (`consentId`). */
export const ConsentUseSchema = z
  .object({
    consentId: z.uuid(),
    entry: EntryRefSchema.describe('The chain entry that registered the consent.'),
    withdrawal: EntryRefSchema.extend({ withdrawnAt: z.string() })
      .nullable()
      .describe('The withdrawal registered by the time of the weighing, if any.'),
    match: z
      .enum(['matched', 'not_matched', 'undetermined'])
      .describe(
        'Whether the consent fits this request on the day of the weighing; `undetermined` when it turns on a question still open (the client’s capacity).',
      ),
    reasons: z
      .array(z.object({ code: z.string(), explanation: z.string(), sources: Sources }))
      .describe('Every reason the consent does not (or not yet certainly) fit.'),
    derivedAnswers: z
      .record(z.string(), z.union([z.boolean(), z.string()]))
      .describe('The consent answers the registry gave; the engine weighed the request with them.'),
    traceEntry: TraceEntrySchema.describe('The first entry of the trace.'),
    note: z.string().describe('The line added to the dossier note.'),
  })
  .meta({ id: 'ConsentUse', description: 'How a weighing used a registered consent.' });

export const AssessmentResultSchema = z.object({
  rulesetVersion: z.string(),
  rulesetHash: z.string().describe('SHA-256 of the canonical rule data the weighing used.'),
  engineVersion: z.string(),
  language: Language,
  referenceDate: z.string().describe('The day of the weighing (consent expiry is judged against it).'),
  decision: Decision,
  ground: Ground,
  decisiveRuleId: z
    .string()
    .nullable()
    .optional()
    .describe('The rule that decided a required/allowed outcome.'),
  acuteDanger: z.boolean(),
  information: z
    .object({ share: z.array(InformationItem), withhold: z.array(InformationItem) })
    .meta({ id: 'InformationDecision' }),
  missingAnswers: z
    .array(QuestionSchema)
    .describe(
      'Only the questions whose answer can still change the outcome, in the order to ask them: those of one ' +
        'route at a time; with an `allowed` decision, those that could still make sharing compulsory or change ' +
        'what is shared.',
    ),
  obligations: z
    .array(
      z
        .object({ id: z.string(), text: z.string(), sources: Sources, citations: Citations })
        .meta({ id: 'Obligation' }),
    )
    .describe('What the professional must still do.'),
  trace: z
    .array(TraceEntrySchema)
    .describe(
      'Every rule evaluated, with its outcome. With `consentId` the first entry (`consent.registry`) says which registered consent was used and whether it fitted.',
    ),
  explanation: z.string(),
  dossierNote: z.string().describe('Ready to paste into the client record.'),
});

export const AssessmentEvaluation = AssessmentResultSchema.extend({
  consent: ConsentUseSchema.optional(),
}).meta({
  id: 'AssessmentEvaluation',
  description: 'A weighing that was not recorded (dry run).',
});

export const RecordedAssessment = AssessmentResultSchema.extend({
  id: z.uuid(),
  recordedAt: z.string(),
  caseRef: z.string(),
  serviceVersion: z.string(),
  consent: ConsentUseSchema.optional().describe(
    'With `consentId`: which registered consent (and chain entry) the weighing used, whether it fitted and why not.',
  ),
  integrity: Integrity,
}).meta({ id: 'RecordedAssessment', description: 'A recorded weighing.' });

const COMPACT =
  ' Compact form, sent when the request says `Prefer: return=minimal` (RFC 7240): the full form without ' +
  '`trace` (the outcome, explanation and sources of every rule). The record is the same either way.';

export const AssessmentEvaluationCompact = AssessmentEvaluation.omit({ trace: true }).meta({
  id: 'AssessmentEvaluationCompact',
  description: `A weighing that was not recorded (dry run).${COMPACT}`,
});

export const RecordedAssessmentCompact = RecordedAssessment.omit({ trace: true }).meta({
  id: 'RecordedAssessmentCompact',
  description: `A recorded weighing.${COMPACT}`,
});

export const EventBody = z
  .strictObject({
    type: z.enum(EVENT_TYPES).describe('What happened after the weighing.'),
    professionalRef: OpaqueRef.describe('The professional who acted.'),
    occurredAt: Timestamp.optional().describe('When it happened, if not now.'),
    text: FreeText(4000).optional().describe('Free text; required for `note`.'),
    motivation: Motivation.optional().describe(
      "The professional's reasoning in their own words, shown prominently in the dossier. Required for " +
        '`shared_despite_advice` (a `text` is accepted there instead, as before). At most 4000 characters; never a BSN.',
    ),
    categories: z
      .array(InformationCategory)
      .max(15)
      .optional()
      .describe(
        'For information_shared, shared_despite_advice and not_shared: which categories. `information_shared` may ' +
          'name only categories the weighing said to share, and only after a weighing that allowed or required ' +
          'sharing; anything else is `shared_despite_advice` (422 otherwise, naming the categories).',
      ),
  })
  .superRefine((event, ctx) => {
    if (event.type === 'note' && !event.text?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'is required for a note event' });
    }
    if (event.type === 'shared_despite_advice' && !event.motivation?.trim() && !event.text?.trim()) {
      ctx.addIssue({
        code: 'custom',
        path: ['motivation'],
        message: 'is required for a shared_despite_advice event: why you shared against the advice',
      });
    }
  })
  .meta({ id: 'AssessmentEventRequest' });

export const TraceContextRef = z
  .object({
    traceId: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .describe('W3C trace id (16 bytes, hex).'),
    spanId: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .describe(
        "This service's span: the one the response's traceparent and the processing-log record named.",
      ),
    parentSpanId: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .optional()
      .describe("The caller's span, when it sent a traceparent."),
  })
  .describe(
    'The W3C trace context of the request that recorded this, as stored in its chain entry: it joins the ' +
      "record with the processing log (GET /v1/processing-logs) and the caller's own logs. Absent on " +
      'records made before trace contexts were recorded.',
  )
  .meta({ id: 'TraceContext' });

export const RecordedEventSchema = z
  .object({
    id: z.uuid(),
    assessmentId: z.uuid(),
    type: z.enum(EVENT_TYPES),
    professionalRef: z.string(),
    occurredAt: z.string().optional(),
    text: z.string().optional(),
    motivation: z.string().optional(),
    categories: z.array(InformationCategory).optional(),
    recordedAt: z.string(),
    integrity: Integrity,
    traceContext: TraceContextRef.optional(),
  })
  .meta({ id: 'AssessmentEvent' });

export const StoredRequestSchema = z
  .object({
    caseRef: z.string(),
    client: z.object({
      refPseudonym: z
        .string()
        .describe('Keyed pseudonym of the client reference; the reference itself is not stored.'),
      ageGroup: AgeGroup,
      decisionCapacity: DecisionCapacity,
      deceased: z.boolean(),
    }),
    professional: z.object({
      ref: z.string(),
      profession: Profession,
      employedByMunicipality: z.boolean(),
      displayName: z.string().optional(),
      registration: z.object({ register: ProfessionalRegister, number: z.string() }).optional(),
    }),
    recipient: z.object({ type: RecipientType, name: z.string().optional() }),
    purpose: z.object({ type: PurposeType, description: z.string().optional() }),
    requestedInformation: z.array(InformationCategory),
    answers: z.record(z.string(), z.union([z.boolean(), z.string()])),
    motivation: z.string().optional().describe("The professional's own weighing, in their own words."),
  })
  .meta({ id: 'StoredAssessmentRequest' });

export const AssessmentDetail = RecordedAssessment.extend({
  request: StoredRequestSchema,
  recordedBy: z.object({ apiKeyId: z.uuid() }),
  resultDigest: z
    .string()
    .describe('SHA-256 of the canonical JSON of the complete result as returned when it was recorded.'),
  textsReproduced: z
    .boolean()
    .describe(
      'True when re-evaluating the recorded request with the recorded ruleset reproduced that digest, so every text shown is the text given at the time.',
    ),
  events: z.array(RecordedEventSchema),
  traceContext: TraceContextRef.optional(),
  citationsAddedOnReading: z
    .boolean()
    .optional()
    .describe(
      'True for a weighing recorded under a ruleset that named its sources by internal key (2026.11.1): its ' +
        'sources are shown here as readable citations. `resultDigest` covers the result as recorded, which the ' +
        'JSON dossier export carries unchanged.',
    ),
}).meta({
  id: 'AssessmentDetail',
  description: 'A recorded weighing with its request and follow-up events.',
});

export const AssessmentSummary = z
  .object({
    id: z.uuid(),
    recordedAt: z.string(),
    caseRef: z.string(),
    professionalRef: z.string(),
    recipientType: RecipientType,
    purposeType: PurposeType,
    decision: Decision,
    ground: Ground,
    sharedCategories: z.array(InformationCategory),
    withheldCategories: z.array(InformationCategory),
    rulesetVersion: z.string(),
    integrity: Integrity,
  })
  .meta({ id: 'AssessmentSummary' });

export const AssessmentList = z
  .object({
    items: z.array(AssessmentSummary),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  })
  .meta({ id: 'AssessmentList' });

export const ListQuery = z.strictObject({
  caseRef: OpaqueRef.optional(),
  clientRef: OpaqueRef.optional().describe('Matched through its pseudonym.'),
  recipientType: RecipientType.optional(),
  decision: Decision.optional(),
  ground: Ground.optional(),
  recordedFrom: Instant.optional().describe(
    'Inclusive lower bound of recordedAt: a date (`2026-11-30`, start of that day, Dutch time) or an RFC 3339 date-time.',
  ),
  recordedTo: Instant.optional().describe(
    'Exclusive upper bound of recordedAt: a date (`2026-12-01`) or an RFC 3339 date-time.',
  ),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: storableText('token', { max: 32 })
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'is not a cursor returned by this API')
    .optional(),
});

export const ReplayReportSchema = z
  .object({
    assessmentId: z.uuid(),
    recorded: z.object({
      rulesetVersion: z.string(),
      rulesetHash: z.string(),
      decision: Decision,
      ground: Ground,
    }),
    rulesetAvailable: z
      .boolean()
      .describe('Whether the recorded ruleset version could be loaded by its hash.'),
    identical: z
      .boolean()
      .describe(
        'Re-evaluating the recorded request with the recorded ruleset gives a byte-identical result.',
      ),
    differences: z.array(z.string()).describe('JSON paths that differ when not identical.'),
    current: z.object({
      rulesetVersion: z.string(),
      rulesetHash: z.string(),
      decision: Decision,
      ground: Ground,
      sameDecision: z.boolean(),
    }),
  })
  .meta({ id: 'ReplayReport' });
