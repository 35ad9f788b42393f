/**
 * The zod schema of ruleset data: the rules, questions, obligations and minimisation table that
 * the engine interprets. A ruleset is plain data (see rulesets/); `compileRuleset` validates it with
 * this schema, then checks cross-references (question ids, rule references, answer values) itself.
 */
import { z } from 'zod';
import { DOCUMENT_KEYS, ECLI_RE, STATUTE_RE } from './citations.js';
import {
  AgeGroup,
  DECISIONS,
  DecisionCapacity,
  GROUNDS,
  INFORMATION_CATEGORIES,
  InformationCategory,
  Profession,
  PURPOSE_TYPES,
  PurposeType,
  RECIPIENT_TYPES,
  RecipientType,
} from './vocabulary.js';

/** A source: `<seed file> §<section>` or a statute (`art. 7:457 lid 2 BW`, `Wet publieke gezondheid`). */
export const SEED_SOURCE_RE = /^\d{3}_[0-9a-f]{16}\.txt §\S.*$/;
const ACT = '(?:BW|Sv|Sr|Wmo 2015|Jeugdwet|Wfz|Bfz|Wet BIG|AVG|Wvggz)';
const ARTICLE = `art\\. \\d[0-9a-z.:]*(?: lid \\d+)?(?: sub [a-z])? ${ACT}`;
export const STATUTE_SOURCE_RE = new RegExp(
  `^(?:${ARTICLE}(?: jo ${ARTICLE})?|Wet publieke gezondheid|Wet op de lijkbezorging|Wvggz|Wmo 2015|Jeugdwet|Wet verplichte meldcode|AVG)$`,
);

export const Text = z.strictObject({ nl: z.string().min(1), en: z.string().min(1) });
export type Text = z.infer<typeof Text>;

const Source = z
  .string()
  .refine(
    (s) => SEED_SOURCE_RE.test(s) || STATUTE_SOURCE_RE.test(s),
    'a source must be "<seed file> §<section>" or a statute such as "art. 7:457 lid 2 BW"',
  );
const Sources = z.array(Source).min(1);

const Id = z.string().regex(/^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$/, 'ids look like "area.name"');
export const QUESTION_ID_RE = /^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/;
const QuestionId = z.string().regex(QUESTION_ID_RE, 'question ids look like "area.camelCase"');

/**
 * The condition language. Leaves test facts of the request, answers, or (for obligations and
 * minimisation) the outcome; `all`/`any`/`seq`/`not` combine them under Kleene three-valued logic.
 * `seq` is `all` whose children are asked in order: while an earlier child is unanswered, the
 * questions of later children are not yet returned.
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { seq: Condition[] }
  | { not: Condition }
  | { always: true }
  | { rule: string }
  | { unresolved: string }
  | { recipient: string[] }
  | { purpose: string[] }
  | { ageGroup: string[] }
  | { decisionCapacity: string[] }
  | { profession: string[] }
  | { deceased: boolean }
  | { employedByMunicipality: boolean }
  | { requested: string[] }
  | { answer: string; is: boolean | string; ifUnanswered?: boolean | undefined }
  | { answer: string; in: string[]; ifUnanswered?: boolean | undefined }
  | { answer: string; onOrAfterReferenceDate: true; ifUnanswered?: boolean | undefined }
  | { answered: string }
  | { decision: string[] }
  | { ground: string[] }
  | { route: string[] }
  | { category: string[] };

const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1);

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: nonEmpty(ConditionSchema) }),
    z.strictObject({ any: nonEmpty(ConditionSchema) }),
    z.strictObject({ seq: nonEmpty(ConditionSchema) }),
    z.strictObject({ not: ConditionSchema }),
    z.strictObject({ always: z.literal(true) }),
    z.strictObject({ rule: Id }),
    z.strictObject({ unresolved: Id }),
    z.strictObject({ recipient: nonEmpty(RecipientType) }),
    z.strictObject({ purpose: nonEmpty(PurposeType) }),
    z.strictObject({ ageGroup: nonEmpty(AgeGroup) }),
    z.strictObject({ decisionCapacity: nonEmpty(DecisionCapacity) }),
    z.strictObject({ profession: nonEmpty(Profession) }),
    z.strictObject({ deceased: z.boolean() }),
    z.strictObject({ employedByMunicipality: z.boolean() }),
    z.strictObject({ requested: nonEmpty(InformationCategory) }),
    z.strictObject({
      answer: QuestionId,
      is: z.union([z.boolean(), z.string()]),
      ifUnanswered: z.boolean().optional(),
    }),
    z.strictObject({ answer: QuestionId, in: nonEmpty(z.string()), ifUnanswered: z.boolean().optional() }),
    z.strictObject({
      answer: QuestionId,
      onOrAfterReferenceDate: z.literal(true),
      ifUnanswered: z.boolean().optional(),
    }),
    z.strictObject({ answered: QuestionId }),
    z.strictObject({ decision: nonEmpty(z.enum(DECISIONS)) }),
    z.strictObject({ ground: nonEmpty(z.enum(GROUNDS)) }),
    z.strictObject({ route: nonEmpty(Id) }),
    z.strictObject({ category: nonEmpty(InformationCategory) }),
  ]),
);

export const QuestionSchema = z.strictObject({
  id: QuestionId,
  type: z.enum(['boolean', 'enum', 'date']),
  options: z.array(z.strictObject({ value: z.string().regex(/^[a-z][a-z0-9_]*$/), text: Text })).optional(),
  text: Text,
  help: Text,
  sources: Sources,
});
export type QuestionData = z.infer<typeof QuestionSchema>;

const RuleTexts = {
  title: Text,
  description: Text,
  met: Text,
  notMet: Text,
  sources: Sources,
};

/**
 * A decision rule. `route`: one way in which a ground can hold (its `applies` part uses request
 * facts only; its `when` part also answers and other rules). `helper`: a named sub-condition other
 * rules refer to with `{ rule }`. `notice`: shown in the trace (e.g. "a covenant is not a ground"),
 * never decides.
 */
export const DecisionRuleSchema = z.strictObject({
  id: Id,
  kind: z.enum(['route', 'helper', 'notice']),
  ground: z.enum(GROUNDS).exclude(['none']).optional(),
  applies: ConditionSchema.optional(),
  when: ConditionSchema.optional(),
  /** When met, the rule's `met` text is added to the overall explanation (e.g. "a covenant is no ground"). */
  explain: z.boolean().optional(),
  ...RuleTexts,
});
export type DecisionRuleData = z.infer<typeof DecisionRuleSchema>;

export const ObligationRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'obligation ids are snake_case'),
  when: ConditionSchema,
  text: Text,
  sources: Sources,
});
export type ObligationRuleData = z.infer<typeof ObligationRuleSchema>;

export const MinimisationRuleSchema = z.strictObject({
  id: Id,
  action: z.enum(['share', 'withhold']),
  when: ConditionSchema,
  reason: Text,
  sources: Sources,
});
export type MinimisationRuleData = z.infer<typeof MinimisationRuleSchema>;

const labels = <T extends readonly [string, ...string[]]>(values: T) =>
  z.strictObject(Object.fromEntries(values.map((v) => [v, Text])) as { [K in T[number]]: typeof Text });

export const PhrasesSchema = z.strictObject({
  yes: Text,
  no: Text,
  none: Text,
  notApplicable: Text,
  unanswered: Text,
  /** Trace text for a helper rule that no applicable rule needed. */
  notNeeded: Text,
  obligationNotTriggered: Text,
  explanation: z.strictObject({
    required: Text,
    allowed: Text,
    needsMoreInformation: Text,
    notAllowed: Text,
  }),
  note: z.strictObject({
    heading: Text,
    date: Text,
    recipient: Text,
    purpose: Text,
    requested: Text,
    decision: Text,
    ground: Text,
    legalBasis: Text,
    acuteDanger: Text,
    answers: Text,
    share: Text,
    withhold: Text,
    missing: Text,
    obligations: Text,
    ruleset: Text,
  }),
});
export type Phrases = z.infer<typeof PhrasesSchema>;

export const RulesetDataSchemaV1 = z.strictObject({
  schemaVersion: z.literal(1),
  version: z.string().regex(/^\d{4}\.\d{1,2}\.\d+$/, 'versions look like 2026.11.1'),
  released: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  description: Text,
  /** Order in which holding `allowed` grounds are reported: least intrusive first. */
  groundPrecedence: z
    .array(
      z.enum(['direct_involvement', 'representative', 'consent', 'reporting_right', 'conflict_of_duties']),
    )
    .length(5),
  labels: z.strictObject({
    decisions: labels(DECISIONS),
    grounds: labels(GROUNDS),
    recipients: labels(RECIPIENT_TYPES),
    purposes: labels(PURPOSE_TYPES),
    categories: labels(INFORMATION_CATEGORIES),
  }),
  phrases: PhrasesSchema,
  /** The rule whose being met means acute danger (result.acuteDanger, 112 first). */
  acuteDangerRule: Id,
  questions: z.array(QuestionSchema).min(1),
  rules: z.array(DecisionRuleSchema).min(1),
  obligations: z.array(ObligationRuleSchema),
  minimisation: z.array(MinimisationRuleSchema).min(1),
});
export type RulesetDataV1 = z.infer<typeof RulesetDataSchemaV1>;
/** What a frozen schemaVersion 1 ruleset module exports: the input shape (same as the output). */
export type RulesetDataInput = z.input<typeof RulesetDataSchemaV1>;

// --- schemaVersion 2 (2026.12.1 on): structured citations and dated rules ---------------------------

/**
 * A source as rule data: a passage of one of the five source texts (`document` and `section`), the
 * statute it names and the ruling it cites by ECLI; or a statute or ruling on its own.
 */
export const CitationSchema = z
  .strictObject({
    document: z.enum(DOCUMENT_KEYS).optional(),
    section: z.string().min(1).optional(),
    statute: z.string().regex(STATUTE_RE, 'a statute looks like "art. 7:457 lid 2 BW"').optional(),
    ecli: z.string().regex(ECLI_RE, 'an ECLI looks like "ECLI:NL:TGZCTG:2011:YG1658"').optional(),
  })
  .refine((c) => (c.document === undefined) === (c.section === undefined), {
    message: 'a document is cited with its section',
  })
  .refine((c) => c.document !== undefined || c.statute !== undefined || c.ecli !== undefined, {
    message: 'cite a passage, a statute or a ruling',
  });
const Citations = z.array(CitationSchema).min(1);

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates look like 2015-01-01');
/**
 * The period in which a rule is law, judged against the day of the weighing (`referenceDate`):
 * from `validFrom` through `validUntil`, both inclusive. Outside it the rule does not apply.
 */
const Validity = { validFrom: IsoDay.optional(), validUntil: IsoDay.optional() };

export const QuestionSchemaV2 = QuestionSchema.extend({ sources: Citations });
export type QuestionDataV2 = z.infer<typeof QuestionSchemaV2>;
export const DecisionRuleSchemaV2 = DecisionRuleSchema.extend({ sources: Citations, ...Validity });
export type DecisionRuleDataV2 = z.infer<typeof DecisionRuleSchemaV2>;
export const ObligationRuleSchemaV2 = ObligationRuleSchema.extend({ sources: Citations, ...Validity });
export type ObligationRuleDataV2 = z.infer<typeof ObligationRuleSchemaV2>;
export const MinimisationRuleSchemaV2 = MinimisationRuleSchema.extend({ sources: Citations, ...Validity });
export type MinimisationRuleDataV2 = z.infer<typeof MinimisationRuleSchemaV2>;

export const PhrasesSchemaV2 = PhrasesSchema.extend({
  /** Trace text for a rule outside its period of validity on the day of the weighing. */
  notInForce: Text,
  /** Reason given for a category whose minimisation waits for an answer. */
  pendingCategory: Text,
  explanation: PhrasesSchema.shape.explanation.extend({
    /** Added when a decision stands but questions can still change it ({count}). */
    stillOpen: Text,
  }),
});

export const RulesetDataSchemaV2 = RulesetDataSchemaV1.extend({
  schemaVersion: z.literal(2),
  phrases: PhrasesSchemaV2,
  questions: z.array(QuestionSchemaV2).min(1),
  rules: z.array(DecisionRuleSchemaV2).min(1),
  obligations: z.array(ObligationRuleSchemaV2),
  minimisation: z.array(MinimisationRuleSchemaV2).min(1),
});
export type RulesetDataV2 = z.infer<typeof RulesetDataSchemaV2>;
export type RulesetDataV2Input = z.input<typeof RulesetDataSchemaV2>;

export type RulesetData = RulesetDataV1 | RulesetDataV2;
