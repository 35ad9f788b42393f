/**
 * The contract between the rules engine and everything around it (API, storage, exports).
 * The API records these shapes verbatim, so changing a field is a breaking change for stored
 * records and for replay: add fields, do not rename or remove them.
 */
import type { Citation } from './citations.js';
import type {
  AgeGroup,
  Decision,
  DecisionCapacity,
  Ground,
  InformationCategory,
  Language,
  Profession,
  PurposeType,
  RecipientType,
} from './vocabulary.js';

/** Answer values: booleans, enum values and ISO dates (YYYY-MM-DD) as strings. */
export type AnswerValue = boolean | string;
export type Answers = Readonly<Record<string, AnswerValue>>;

export interface AssessmentRequest {
  caseRef: string;
  client: {
    ref: string;
    ageGroup: AgeGroup;
    decisionCapacity: DecisionCapacity;
    deceased: boolean;
  };
  professional: {
    ref: string;
    profession: Profession;
    employedByMunicipality: boolean;
  };
  recipient: { type: RecipientType; name?: string | undefined };
  purpose: { type: PurposeType; description?: string | undefined };
  requestedInformation: InformationCategory[];
  answers: Answers;
}

export interface EvaluationOptions {
  /** Language of every human-readable text in the result. */
  language: Language;
  /**
   * The calendar day (YYYY-MM-DD, Europe/Amsterdam) on which the weighing is made. Consent expiry
   * (`consent.validUntil`) is judged against it; passing it in keeps the engine deterministic and
   * lets a replay use the day of the original weighing.
   */
  referenceDate: string;
}

export type TraceOutcome = 'met' | 'not_met' | 'not_applicable' | 'unanswered';

export interface TraceEntry {
  ruleId: string;
  outcome: TraceOutcome;
  explanation: string;
  /** Readable citations, one line each (rulesets before 2026.12.1: internal keys, see citations.ts). */
  sources: string[];
  /** The same citations, structured (rulesets of schemaVersion 2 on). */
  citations?: Citation[];
}

export interface InformationItem {
  category: InformationCategory;
  reason: string;
  ruleId: string;
  sources: string[];
  citations?: Citation[];
}

export type QuestionType = 'boolean' | 'enum' | 'date';

export interface QuestionView {
  id: string;
  type: QuestionType;
  /** Allowed values for `enum` questions. */
  options?: string[];
  text: string;
  help: string;
  sources: string[];
  citations?: Citation[];
  /** Position in the decision tree (1 = ask first). */
  order?: number;
  /** The text of each option of an `enum` question, in the requested language. */
  optionTexts?: Array<{ value: string; text: string }>;
  /** The grounds whose rules this question helps decide (empty for record-keeping questions). */
  grounds?: Ground[];
}

export interface Obligation {
  id: string;
  text: string;
  sources: string[];
  citations?: Citation[];
}

export interface AssessmentResult {
  rulesetVersion: string;
  rulesetHash: string;
  engineVersion: string;
  language: Language;
  referenceDate: string;
  decision: Decision;
  ground: Ground;
  /** The rule (route) that decided a `required`/`allowed` outcome; null otherwise. */
  decisiveRuleId?: string | null;
  acuteDanger: boolean;
  information: { share: InformationItem[]; withhold: InformationItem[] };
  /**
   * Only the questions that can still change the outcome, in the order to ask them. From
   * schemaVersion 2: the questions of one route at a time; with an `allowed` decision, those that
   * could still make sharing compulsory or change what is shared.
   */
  missingAnswers: QuestionView[];
  obligations: Obligation[];
  trace: TraceEntry[];
  explanation: string;
  dossierNote: string;
}
