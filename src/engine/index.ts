/**
 * The rules engine of the beroepsgeheim decision service: a pure module (no I/O, no clock, no
 * randomness). See README.md in this directory.
 */
export {
  type CatalogueFilter,
  conditionText,
  questionCatalogue,
  type RuleKind,
  type RuleView,
  rulesView,
} from './catalogue.js';
export {
  type Citation,
  type CitationData,
  DOCUMENTS,
  type DocumentKey,
  legalBasisOf,
  readableCitation,
  readableSources,
  renderCitation,
  SEED_FILE_RE,
  sourcedParts,
  withReadableCitations,
} from './citations.js';
export { type CompiledRuleset, compileRuleset, RulesetError } from './compile.js';
export { evaluate } from './evaluate.js';
export { activeRuleset, getRuleset, listRulesets } from './registry.js';
export {
  type AssessmentRequestInput,
  type AssessmentRequestSchema,
  assessmentRequestSchema,
  calendarDate,
  createAssessmentRequestSchema,
  isCalendarDate,
} from './request-schema.js';
export type {
  Condition,
  RulesetData,
  RulesetDataInput,
  RulesetDataV1,
  RulesetDataV2,
  RulesetDataV2Input,
} from './schema.js';
export type * from './types.js';
export { ENGINE_VERSION } from './version.js';
export * from './vocabulary.js';
