/**
 * The tuchtrecht dossier of one weighing: everything a professional needs to defend a decision
 * years later, and everything a third party needs to check it without the service.
 *
 * Format 3 (`beroepsgeheim.dossier/3`). The dossier carries its chain entries' exact contents and,
 * under `transparency`, the evidence that those contents are in the organisation's transparency
 * log: a signed checkpoint (c2sp.org/tlog-checkpoint) with the witnesses' cosignatures, an RFC 9162
 * inclusion proof per entry (also as a c2sp.org/tlog-proof text), the RFC 3161 timestamp token of
 * the checkpoint where a TSA is configured, and a signed statement over the readable parts that are
 * not in the chain. Format 3 adds to format 2 the dossier's own language (the record's texts
 * reproduced in it from the same ruleset, `translation`), words for every code shown (`labels`),
 * the status of each question, the bibliography and the legal basis; the presentation statement
 * (`beroepsgeheim.dossier-presentation/2`) covers all of them.
 *
 * Building one recomputes each entry's hash and proves its entries through their inclusion proofs,
 * each leaf recomputed from the content handed out (TransparencyLog.evidenceFor): its cost is
 * logarithmic in the chain's length. The whole chain is verified by `GET /v1/audit/verify` (and
 * `npm run audit:verify`), not at every export; the dossier says when that last happened. When an
 * entry is not in the signed tree as it is now stored, nothing is signed: the dossier says so and
 * carries no transparency evidence.
 */

import { createHash, X509Certificate } from 'node:crypto';
import { chainHash } from '../audit/chain.js';
import { cosignatureTimestamp } from '../audit/cosignature.js';
import { splitNote } from '../audit/note.js';
import {
  type AssessmentResult,
  activeRuleset,
  type Citation,
  DOCUMENTS,
  evaluate,
  getRuleset,
  questionCatalogue,
  readableCitation,
  sourcedParts,
} from '../engine/index.js';
import type { QuestionView } from '../engine/types.js';
import type { Language } from '../engine/vocabulary.js';
import { canonicalJson } from '../lib/canonical-json.js';
import type { AuditChainRepository } from '../repositories/audit-chain-repository.js';
import type { VerificationRepository } from '../repositories/verification-repository.js';
import {
  type AssessmentDetail,
  type AssessmentService,
  EVENT_TYPES,
  engineRequest,
  NotFoundError,
} from './assessments.js';
import type { ConsentView } from './consent-view.js';
import type { ConsentService } from './consents.js';
import {
  AGE_GROUP_WORDS,
  CAPACITY_WORDS,
  EVENT_WORDS,
  PROFESSION_WORDS,
  REGISTER_WORDS,
  wordFor,
} from './dossier-labels.js';
import type { OrganisationSettings } from './organisations.js';
import type { ProcessingContext, ProcessingLog } from './processing-log.js';
import type { DossierEvidence, TransparencyLog } from './transparency.js';

export const DOSSIER_SCHEMA = 'beroepsgeheim.dossier/3';
/** First line of the signed statement over the readable parts outside the chain (format 3). */
export const PRESENTATION_HEADER = 'beroepsgeheim.dossier-presentation/2';

/**
 * `answered`; `open`: unanswered and among the questions that can still change the outcome (the
 * result's missingAnswers): needed for a decision (needs_more_information) or, from schemaVersion 2,
 * able to change a decision that stands (make sharing compulsory, decide what may be shared);
 * `not_needed`: unanswered, and the outcome did not depend on it.
 */
export type QuestionStatus = 'answered' | 'open' | 'not_needed';

export interface DossierQuestion {
  id: string;
  text: string;
  /** The answer as recorded; null when the question was not answered. */
  answer: boolean | string | null;
  /** The answer in words, in the dossier's language; null when not answered. */
  answerText: string | null;
  status: QuestionStatus;
  /** Readable citations (also for rulesets that named sources by internal key). */
  sources: string[];
  citations?: Citation[];
  /** Set when the answer came from the consent registry (the weighing referenced a consent). */
  answeredBy?: 'consent_registry';
}

export interface DossierChainEntry {
  sequence: number;
  entryType: string;
  previousHash: string;
  hash: string;
  /** The exact canonical JSON that was hashed. */
  content: string;
}

/** The checkpoint a dossier's inclusion proofs lead to, as the service read and checked it at export. */
export interface DossierCheckpointReport {
  treeSize: number;
  /** When the service signed it (its own record: the note itself carries no time). */
  signedAt: string;
  /** The log keys that signed it, by key name and id. */
  signedBy: Array<{ name: string; keyId: string }>;
  /** The witnesses' cosignatures, each with the time inside it (c2sp.org/tlog-cosignature). */
  cosignatures: Array<{ witness: string; cosignedAt: string }>;
  cosignatureThreshold: number;
  /** The RFC 3161 timestamp: its time and the TSA that signed it (the token re-checked at export). */
  timestamp: { genTime: string; tsa: string | null; verified: boolean } | null;
}

/** How the service checked this dossier's entries when it exported it (not itself signed). */
export interface DossierVerification {
  method: 'inclusion_proofs';
  intact: boolean;
  entriesChecked: number;
  /** Each entry's hash recomputed as SHA-256(previousHash + content) at export. */
  entryHashesRecomputed: boolean;
  /** The size of the signed tree the entries were proven in (0 when none). */
  treeSize: number;
  firstBrokenLink: { sequence: number; reason: string } | null;
  verifiedAt: string;
  durationMs: number;
  checkpoint: DossierCheckpointReport | null;
  /** The last verification of the organisation's whole chain, from its first entry; null when none ran. */
  lastFullVerification: {
    verifiedAt: string;
    intact: boolean;
    headSequence: number;
    firstBrokenSequence: number | null;
  } | null;
}

export interface DossierTransparency extends DossierEvidence {
  /** Signed note over the digest of the readable parts outside the chain (see presentationText). */
  presentation: string;
}

/** The record's texts in the dossier's language, reproduced from the ruleset the weighing used. */
export interface DossierTranslation {
  language: Language;
  /** The complete result in that language: the same facts as the record, other words. */
  result: AssessmentResult;
}

/**
 * The registered consent a weighing used, with the chain entries that record it and their inclusion
 * proofs. The weighing's record names the registration entry's position and hash
 * (`assessment.consent.entry`); that entry's content hashes to it, and is a leaf of the same signed
 * tree as the dossier's own entries. A withdrawal entry, if any, is proven the same way.
 */
export interface DossierConsent {
  consent: ConsentView;
  /** The registration entry, then the withdrawal entry if there is one. */
  chainEntries: DossierChainEntry[];
  /** RFC 9162 inclusion proofs of those entries against `transparency.checkpoint`; null without it. */
  inclusion: DossierEvidence['entries'] | null;
  /** The words for the consent's codes, in the dossier's language. */
  labels: { recipientType: string; purposes: Record<string, string>; categories: Record<string, string> };
  /** How the consent is proven, in words. */
  proof: string;
}

export interface Dossier {
  schema: typeof DOSSIER_SCHEMA;
  exportedAt: string;
  /** The language of the dossier (its labels, questions and, where reproduced, the record's texts). */
  language: Language;
  organisation: { id: string; name: string };
  assessment: AssessmentDetail;
  /**
   * When the record was written in another language than the dossier's and its texts could be
   * reproduced: those texts in the dossier's language. Null otherwise (the record's own texts apply).
   */
  translation: DossierTranslation | null;
  /** Words for the codes the dossier shows, in its language. */
  labels: DossierLabels;
  questions: DossierQuestion[];
  /** The statutes and rulings the decision rests on (never guidance documents); empty when none. */
  legalBasis: string[];
  /** Every document cited in the dossier, by its short title, with the full reference. */
  bibliography: Array<{ short: string; title: string }>;
  chainEntries: DossierChainEntry[];
  /** The registered consent the weighing referenced (`consentId`); null when it referenced none. */
  consent: DossierConsent | null;
  verification: DossierVerification;
  transparency: DossierTransparency | null;
  howToVerify: string;
}

export interface DossierLabels {
  decision: string;
  ground: string;
  recipientType: string;
  purposeType: string;
  categories: Record<string, string>;
  ageGroup: string;
  decisionCapacity: string;
  profession: string;
  /** The professional's register, when the weighing names one. */
  register: string | null;
  eventTypes: Record<string, string>;
  /** The title of each rule the record's trace names (for an obligation: its text). */
  rules: Record<string, string>;
}

const HOW_TO_VERIFY =
  'Run `node verify-export.mjs dossier.json keys.json` (or give it the PDF: it takes the dossier embedded in it; ' +
  'keys.json: GET /v1/audit/keys, or the key history the organisation publishes). It checks each chain entry ' +
  'against its hash and the readable record against the entries, each entry content as a leaf ' +
  '(SHA-256(0x00 || content)) against the signed checkpoint through its RFC 9162 inclusion proof, the checkpoint ' +
  "signature (c2sp.org/signed-note, Ed25519) with a key valid at the checkpoint's time, the witnesses' " +
  'cosignatures, the RFC 3161 timestamp, and the signed statement over the readable parts outside the chain. ' +
  'The full procedure, also with independent tools, is in docs/verifying-a-dossier.md.';

/** The readable parts outside the chain that the presentation statement covers. */
export type DossierPresentation = Pick<
  Dossier,
  | 'exportedAt'
  | 'language'
  | 'organisation'
  | 'translation'
  | 'labels'
  | 'questions'
  | 'legalBasis'
  | 'bibliography'
  | 'consent'
> & { assessment: { id: string } };

/** The digest the presentation statement names: SHA-256 of their canonical JSON, base64. */
export function presentationDigest(dossier: DossierPresentation): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        assessmentId: dossier.assessment.id,
        exportedAt: dossier.exportedAt,
        language: dossier.language,
        organisation: dossier.organisation,
        translation: dossier.translation,
        labels: dossier.labels,
        questions: dossier.questions,
        legalBasis: dossier.legalBasis,
        bibliography: dossier.bibliography,
        // The consent's readable parts that are not in its chain entries (only when there is one).
        ...(dossier.consent
          ? {
              consent: {
                labels: dossier.consent.labels,
                status: dossier.consent.consent.status,
                problems: dossier.consent.consent.problems,
                proof: dossier.consent.proof,
              },
            }
          : {}),
      }),
      'utf8',
    )
    .digest('base64');
}

/** The text the service signs over the readable parts that are not in the chain. */
export function presentationText(origin: string, dossier: DossierPresentation): string {
  return `${PRESENTATION_HEADER}\n${origin}\nassessment ${dossier.assessment.id}\nsha256 ${presentationDigest(dossier)}\n`;
}

export class DossierService {
  constructor(
    private readonly assessments: AssessmentService,
    private readonly chain: AuditChainRepository,
    private readonly organisations: Pick<OrganisationSettings, 'findById'>,
    private readonly log: TransparencyLog,
    private readonly processingLog: ProcessingLog,
    private readonly verifications: Pick<VerificationRepository, 'latest'>,
    private readonly consents?: Pick<ConsentService, 'withEntries'>,
  ) {}

  /**
   * Builds the dossier of one weighing, in `language` (default: the organisation's). Exporting it
   * is a processing of the client's data: the LDV record is committed before the dossier is
   * returned (docs/ldv.md).
   */
  async build(
    tenantId: string,
    assessmentId: string,
    processing: ProcessingContext,
    options: { language?: Language | undefined } = {},
  ): Promise<Dossier> {
    const started = performance.now();
    const assessment = await this.assessments.get(tenantId, assessmentId);
    const tenant = await this.organisations.findById(tenantId);
    if (!tenant) throw new NotFoundError('organisation');
    const language = options.language ?? (tenant.language as Language);
    const sequences = [assessment.integrity.sequence, ...assessment.events.map((e) => e.integrity.sequence)];
    const entries = await this.chain.findManyBySequence(tenantId, sequences);
    const chainEntries = entries.map(({ sequence, entryType, previousHash, hash, content }) => ({
      sequence,
      entryType,
      previousHash,
      hash,
      content,
    }));
    // The consent the weighing used is proven in the same signed tree as the dossier's own entries.
    const consentFound =
      assessment.consent && this.consents
        ? await this.consents.withEntries(tenantId, assessment.consent.consentId, language)
        : null;
    const consentEntries = consentFound?.entries ?? [];
    const allEntries = [...entries, ...consentEntries];
    const hashesHold = allEntries.every((e) => chainHash(e.previousHash, e.content) === e.hash);
    const result = await this.log.evidenceFor(tenantId, allEntries);
    const ownSequences = new Set(sequences);
    const lastFull = await this.verifications.latest(tenantId);
    const ruleset = getRuleset(assessment.rulesetHash);
    await this.processingLog.write(
      this.processingLog.records('dossier-exporteren', processing, [
        { dataSubjectId: assessment.request.client.refPseudonym },
      ]),
    );
    const translation = translationOf(assessment, ruleset, language);
    const shown = translation?.result ?? assessment;
    const questions = questionsOf(assessment, ruleset, language).map((q) =>
      assessment.consent && q.id in assessment.consent.derivedAnswers
        ? { ...q, answeredBy: 'consent_registry' as const }
        : q,
    );
    const consent: DossierConsent | null = consentFound
      ? consentSection(
          consentFound,
          ruleset ?? activeRuleset,
          language,
          result.ok
            ? result.evidence.entries.filter((e) => consentEntries.some((c) => c.sequence === e.sequence))
            : null,
        )
      : null;
    const readable: DossierPresentation = {
      exportedAt: new Date().toISOString(),
      language,
      organisation: { id: tenant.id, name: tenant.name },
      assessment,
      translation,
      labels: labelsOf(assessment, ruleset ?? activeRuleset, language),
      questions,
      legalBasis: legalBasis(shown),
      bibliography: bibliographyOf(shown, questions),
      consent,
    };
    const intact = result.ok && hashesHold;
    const brokenAt = result.ok
      ? (allEntries.find((e) => chainHash(e.previousHash, e.content) !== e.hash)?.sequence ?? 0)
      : result.brokenAt;
    const verification: DossierVerification = {
      method: 'inclusion_proofs',
      intact,
      entryHashesRecomputed: true,
      entriesChecked: intact ? allEntries.length : allEntries.filter((e) => e.sequence < brokenAt).length,
      treeSize: result.ok ? result.evidence.treeSize : 0,
      firstBrokenLink: intact
        ? null
        : result.ok
          ? { sequence: brokenAt, reason: 'the entry does not hash to the hash stored with it' }
          : { sequence: result.brokenAt, reason: result.reason },
      verifiedAt: new Date().toISOString(),
      durationMs: 0,
      checkpoint: result.ok ? await checkpointReport(result.evidence, result.checkpoint) : null,
      lastFullVerification: lastFull
        ? {
            verifiedAt: lastFull.verifiedAt.toISOString(),
            intact: lastFull.intact,
            headSequence: lastFull.headSequence,
            firstBrokenSequence: lastFull.firstBrokenSequence,
          }
        : null,
    };
    // Only what verified is vouched for: no signature at all on a dossier whose entries did not.
    const transparency: DossierTransparency | null =
      result.ok && intact
        ? {
            ...result.evidence,
            // The dossier's own entries here; the consent's proofs are with the consent.
            entries: result.evidence.entries.filter((e) => ownSequences.has(e.sequence)),
            presentation: this.log.signPresentation(
              tenantId,
              presentationText(result.evidence.origin, readable),
            ),
          }
        : null;
    verification.durationMs = Math.round(performance.now() - started);
    return {
      schema: DOSSIER_SCHEMA,
      exportedAt: readable.exportedAt,
      language,
      organisation: readable.organisation,
      assessment,
      translation,
      labels: readable.labels,
      questions,
      legalBasis: readable.legalBasis,
      bibliography: readable.bibliography,
      chainEntries,
      consent,
      verification,
      transparency,
      howToVerify: HOW_TO_VERIFY,
    };
  }
}

function consentSection(
  found: { view: ConsentView; entries: Array<DossierChainEntry & { recordedAt?: Date }> },
  ruleset: Ruleset,
  language: Language,
  inclusion: DossierEvidence['entries'] | null,
): DossierConsent {
  const { labels } = ruleset.data;
  const words = (table: Record<string, { nl: string; en: string }>, codes: readonly string[]) =>
    Object.fromEntries(codes.map((c) => [c, table[c]?.[language] ?? c]));
  const [registration, withdrawal] = found.entries;
  const nl = language === 'nl';
  const proof =
    (nl
      ? `De registratie van de toestemming is vastlegging ${registration!.sequence} van de keten (hash ${registration!.hash}). ` +
        'Die positie en hash staan in de vastgelegde inhoud van de weging, en de registratie zelf is met een ' +
        'inclusiebewijs (RFC 9162) opgenomen in hetzelfde ondertekende transparantielogboek als de weging.'
      : `The registration of the consent is entry ${registration!.sequence} of the chain (hash ${registration!.hash}). ` +
        'That position and hash are part of the hashed content of the weighing, and the registration itself is ' +
        'proven, by an RFC 9162 inclusion proof, to be in the same signed transparency log as the weighing.') +
    (withdrawal
      ? nl
        ? ` De intrekking is vastlegging ${withdrawal.sequence} (hash ${withdrawal.hash}), met een eigen inclusiebewijs.`
        : ` The withdrawal is entry ${withdrawal.sequence} (hash ${withdrawal.hash}), with its own inclusion proof.`
      : '');
  return {
    consent: found.view,
    chainEntries: found.entries.map(({ sequence, entryType, previousHash, hash, content }) => ({
      sequence,
      entryType,
      previousHash,
      hash,
      content,
    })),
    inclusion,
    labels: {
      recipientType: labels.recipients[found.view.recipient.type]?.[language] ?? found.view.recipient.type,
      purposes: words(labels.purposes, found.view.purposes),
      categories: words(labels.categories, found.view.categories),
    },
    proof,
  };
}

type Ruleset = NonNullable<ReturnType<typeof getRuleset>>;

/**
 * The record's texts in another language: the recorded request evaluated again with the recorded
 * ruleset, on the recorded day, in that language. Used only when the record's own texts were
 * reproduced exactly (so the ruleset is the one that made them) and the facts come out the same.
 */
function translationOf(
  assessment: AssessmentDetail,
  ruleset: Ruleset | undefined,
  language: Language,
): DossierTranslation | null {
  if (language === assessment.language || !ruleset || !assessment.textsReproduced) return null;
  const result = evaluate(
    engineRequest(assessment.request),
    { language, referenceDate: assessment.referenceDate },
    ruleset,
  );
  const facts = (r: AssessmentResult) =>
    canonicalJson({
      decision: r.decision,
      ground: r.ground,
      decisiveRuleId: r.decisiveRuleId ?? null,
      acuteDanger: r.acuteDanger,
      trace: r.trace.map((t) => [t.ruleId, t.outcome]),
      share: r.information.share.map((i) => [i.category, i.ruleId]),
      withhold: r.information.withhold.map((i) => [i.category, i.ruleId]),
      obligations: r.obligations.map((o) => o.id),
      missingAnswers: r.missingAnswers.map((q) => q.id),
    });
  return facts(result) === facts(assessment) ? { language, result } : null;
}

function labelsOf(assessment: AssessmentDetail, ruleset: Ruleset, language: Language): DossierLabels {
  const { labels } = ruleset.data;
  const { request } = assessment;
  const categories: Record<string, string> = {};
  const category = (c: string) => {
    categories[c] = labels.categories[c as keyof typeof labels.categories]?.[language] ?? c;
  };
  for (const item of [...assessment.information.share, ...assessment.information.withhold])
    category(item.category);
  for (const c of request.requestedInformation) category(c);
  for (const event of assessment.events) for (const c of event.categories ?? []) category(c);
  const eventTypes: Record<string, string> = {};
  for (const type of EVENT_TYPES) eventTypes[type] = wordFor(EVENT_WORDS, type, language);
  // Rules by their title; obligations (traced as `obligation.<id>`) by what they ask of the professional.
  const titles = new Map<string, string>([
    ...ruleset.data.rules.map((r): [string, string] => [r.id, r.title[language]]),
    ...ruleset.data.obligations.map((o): [string, string] => [`obligation.${o.id}`, o.text[language]]),
  ]);
  const rules: Record<string, string> = {};
  for (const t of assessment.trace) {
    const title = titles.get(t.ruleId);
    if (title !== undefined) rules[t.ruleId] = title;
  }
  const registration = request.professional.registration;
  return {
    decision: labels.decisions[assessment.decision]?.[language] ?? assessment.decision,
    ground: labels.grounds[assessment.ground]?.[language] ?? assessment.ground,
    recipientType: labels.recipients[request.recipient.type]?.[language] ?? request.recipient.type,
    purposeType: labels.purposes[request.purpose.type]?.[language] ?? request.purpose.type,
    categories,
    ageGroup: wordFor(AGE_GROUP_WORDS, request.client.ageGroup, language),
    decisionCapacity: wordFor(CAPACITY_WORDS, request.client.decisionCapacity, language),
    profession: wordFor(PROFESSION_WORDS, request.professional.profession, language),
    register: registration ? wordFor(REGISTER_WORDS, registration.register, language) : null,
    eventTypes,
    rules,
  };
}

/**
 * Every question that matters for this recipient type and purpose in the ruleset the weighing
 * used, in decision-tree order, with the answer given; then any other question that was answered.
 * Texts are in the dossier's language. Without the ruleset (never removed, but be safe) only the
 * answered ids are listed.
 */
function questionsOf(
  assessment: AssessmentDetail,
  ruleset: Ruleset | undefined,
  language: Language,
): DossierQuestion[] {
  const answers = assessment.request.answers;
  // Whatever the decision: a question that can still change the outcome is not "not needed".
  const open = new Set(assessment.missingAnswers.map((q) => q.id));
  const status = (id: string): QuestionStatus =>
    id in answers ? 'answered' : open.has(id) ? 'open' : 'not_needed';
  if (!ruleset) {
    return Object.entries(answers).map(([id, answer]) => ({
      id,
      text: id,
      answer,
      answerText: String(answer),
      status: 'answered',
      sources: [],
    }));
  }
  const relevant = questionCatalogue(ruleset, {
    language,
    recipientType: assessment.request.recipient.type,
    purposeType: assessment.request.purpose.type,
  });
  const all = questionCatalogue(ruleset, { language });
  const listed = new Set(relevant.map((q) => q.id));
  const extra = all.filter((q) => !listed.has(q.id) && q.id in answers);
  const unknown = Object.keys(answers).filter((id) => !all.some((q) => q.id === id));
  return [
    ...[...relevant, ...extra].map((q) => present(q, answers[q.id], language, status(q.id))),
    ...unknown.map((id) => ({
      id,
      text: id,
      answer: answers[id]!,
      answerText: String(answers[id]),
      status: 'answered' as const,
      sources: [],
    })),
  ];
}

const YES_NO: Record<Language, [string, string]> = { nl: ['ja', 'nee'], en: ['yes', 'no'] };

function present(
  q: QuestionView,
  answer: boolean | string | undefined,
  language: Language,
  status: QuestionStatus,
): DossierQuestion {
  let answerText: string | null = null;
  if (typeof answer === 'boolean') answerText = YES_NO[language][answer ? 0 : 1];
  else if (typeof answer === 'string')
    answerText = q.optionTexts?.find((o) => o.value === answer)?.text ?? answer;
  // Questions are not covered by the record's digest: they are shown with readable citations.
  const citations = citationsOf(q);
  return {
    id: q.id,
    text: q.text,
    answer: answer ?? null,
    answerText,
    status,
    sources: citations.map((c) => c.text),
    citations: citations.map((c) => ({ ...c })),
  };
}

/** The citations of an item: structured where the ruleset gives them, else read from its sources. */
function citationsOf(item: { sources: readonly string[]; citations?: readonly Citation[] }): Citation[] {
  return item.citations ? [...item.citations] : item.sources.map(readableCitation);
}

/** The statutes and rulings of the rule that decided (none for not_allowed or needs_more_information). */
function legalBasis(result: Pick<AssessmentResult, 'trace' | 'decisiveRuleId'>): string[] {
  const decisive = result.trace.find((t) => t.ruleId === result.decisiveRuleId);
  const out: string[] = [];
  for (const c of decisive ? citationsOf(decisive) : [])
    for (const part of [c.statute, c.ecli]) if (part !== undefined && !out.includes(part)) out.push(part);
  return out;
}

/** The documents cited anywhere in the dossier, in the bibliography's order. */
function bibliographyOf(
  result: Pick<AssessmentResult, 'trace' | 'information' | 'obligations' | 'missingAnswers'>,
  questions: readonly DossierQuestion[],
): Array<{ short: string; title: string }> {
  const cited = new Set<string>();
  for (const item of sourcedParts<{ sources: readonly string[]; citations?: readonly Citation[] }>(result))
    for (const c of citationsOf(item)) if (c.document) cited.add(c.document);
  for (const q of questions) for (const s of q.sources) for (const d of documentsNamed(s)) cited.add(d);
  return Object.values(DOCUMENTS)
    .filter((d) => cited.has(d.short))
    .map((d) => ({ short: d.short, title: d.title }));
}

/** The documents a readable citation line names (by short title). */
function documentsNamed(line: string): string[] {
  return Object.values(DOCUMENTS)
    .filter((d) => line.startsWith(d.short))
    .map((d) => d.short);
}

/**
 * What the chosen checkpoint says about itself, read at export: who signed it (the log's key
 * lines), who cosigned it and when (the time inside each cosignature), and its RFC 3161 timestamp,
 * whose token is checked again against the log-signed note it is over.
 */
async function checkpointReport(
  evidence: DossierEvidence,
  stored: { signedAt: Date; logSignedNote: string },
): Promise<DossierCheckpointReport> {
  const { signatures } = splitNote(evidence.checkpoint);
  const hex8 = (id: number) => id.toString(16).padStart(8, '0');
  const signedBy = signatures
    .filter((s) => s.name === evidence.origin)
    .map((s) => ({ name: s.name, keyId: hex8(s.keyId) }));
  const cosignatures = signatures
    .filter((s) => s.name !== evidence.origin)
    .map((s) => {
      const time = cosignatureTimestamp(s.signature);
      return { witness: s.name, cosignedAt: time === null ? '' : new Date(time * 1000).toISOString() };
    })
    .filter((c) => c.cosignedAt !== '');
  let timestamp: DossierCheckpointReport['timestamp'] = null;
  if (evidence.timestamp) {
    let tsa: string | null = null;
    let verified = false;
    try {
      const { verifyTimestampToken } = await import('../audit/rfc3161.js');
      const checked = verifyTimestampToken(
        Buffer.from(evidence.timestamp.token, 'base64'),
        Buffer.from(stored.logSignedNote, 'utf8'),
      );
      verified = checked.genTime.toISOString() === evidence.timestamp.genTime;
      tsa = commonName(new X509Certificate(checked.signerCertificatePem).subject);
    } catch {
      verified = false;
    }
    timestamp = { genTime: evidence.timestamp.genTime, tsa, verified };
  }
  return {
    treeSize: evidence.treeSize,
    signedAt: stored.signedAt.toISOString(),
    signedBy,
    cosignatures,
    cosignatureThreshold: evidence.cosignatureThreshold,
    timestamp,
  };
}

/** The CN of an X.509 subject (Node prints one attribute per line), else the whole subject. */
function commonName(subject: string): string {
  const lines = subject.split('\n');
  return (
    lines
      .find((l) => l.startsWith('CN='))
      ?.slice(3)
      .trim() ?? lines.join(', ')
  );
}
