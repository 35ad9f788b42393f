/**
 * The tuchtrecht dossier of one weighing: everything a professional needs to defend a decision
 * years later, and everything a third party needs to check it without the service.
 *
 * Format 2 (`beroepsgeheim.dossier/2`). The dossier carries its chain entries' exact contents and,
 * under `transparency`, the evidence that those contents are in the organisation's transparency
 * log: a signed checkpoint (c2sp.org/tlog-checkpoint) with the witnesses' cosignatures, an RFC 9162
 * inclusion proof per entry (also as a c2sp.org/tlog-proof text), the RFC 3161 timestamp token of
 * the checkpoint where a TSA is configured, and a signed statement over the readable parts that are
 * not in the chain (organisation name, labels, question texts and sources, exportedAt).
 *
 * Building one proves its entries through their inclusion proofs, each leaf recomputed from the
 * content handed out (TransparencyLog.evidenceFor): its cost is logarithmic in the chain's length.
 * The whole chain is verified by `GET /v1/audit/verify` and on a schedule, not at every export.
 * When an entry is not in the signed tree as it is now stored, nothing is signed: the dossier says
 * so and carries no transparency evidence.
 */

import { createHash } from 'node:crypto';
import {
  activeRuleset,
  type Citation,
  getRuleset,
  questionCatalogue,
  readableCitation,
} from '../engine/index.js';
import type { QuestionView } from '../engine/types.js';
import type { Language } from '../engine/vocabulary.js';
import { canonicalJson } from '../lib/canonical-json.js';
import type { AuditChainRepository } from '../repositories/audit-chain-repository.js';
import type { TenantRepository } from '../repositories/tenant-repository.js';
import { type AssessmentDetail, type AssessmentService, NotFoundError } from './assessments.js';
import type { ConsentView } from './consent-view.js';
import type { ConsentService } from './consents.js';
import type { ProcessingContext, ProcessingLog } from './processing-log.js';
import type { DossierEvidence, TransparencyLog } from './transparency.js';

export const DOSSIER_SCHEMA = 'beroepsgeheim.dossier/2';
/** First line of the signed statement over the readable parts outside the chain. */
export const PRESENTATION_HEADER = 'beroepsgeheim.dossier-presentation/1';

export interface DossierQuestion {
  id: string;
  text: string;
  /** The answer as recorded; null when the question was not answered. */
  answer: boolean | string | null;
  /** The answer in words, in the language of the record; null when not answered. */
  answerText: string | null;
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

/** How the service checked this dossier's entries when it exported it (not itself signed). */
export interface DossierVerification {
  method: 'inclusion_proofs';
  intact: boolean;
  entriesChecked: number;
  /** The size of the signed tree the entries were proven in (0 when none). */
  treeSize: number;
  firstBrokenLink: { sequence: number; reason: string } | null;
  verifiedAt: string;
  durationMs: number;
}

export interface DossierTransparency extends DossierEvidence {
  /** Signed note over the digest of organisation, labels, questions and exportedAt. */
  presentation: string;
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
  /** The words for the consent's codes, in the language of the record. */
  labels: { recipientType: string; purposes: Record<string, string>; categories: Record<string, string> };
  /** How the consent is proven, in words. */
  proof: string;
}

export interface Dossier {
  schema: typeof DOSSIER_SCHEMA;
  exportedAt: string;
  organisation: { id: string; name: string };
  assessment: AssessmentDetail;
  /** Labels of the codes in the record, in its language, from the ruleset it was recorded with. */
  labels: DossierLabels;
  questions: DossierQuestion[];
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
}

const HOW_TO_VERIFY =
  'Run `node verify-export.mjs dossier.json keys.json` (keys.json: GET /v1/audit/keys, or the key history the ' +
  'organisation publishes). It checks each chain entry against its hash and the readable record against the ' +
  'entries, each entry content as a leaf (SHA-256(0x00 || content)) against the signed checkpoint through its ' +
  'RFC 9162 inclusion proof, the checkpoint signature (c2sp.org/signed-note, Ed25519) with a key valid at the ' +
  "checkpoint's time, the witnesses' cosignatures, the RFC 3161 timestamp, and the signed statement over the " +
  'readable parts outside the chain. The full procedure, also with independent tools, is in ' +
  'docs/verifying-a-dossier.md.';

/** The text the service signs over the readable parts that are not in the chain. */
export function presentationText(
  origin: string,
  dossier: Pick<Dossier, 'exportedAt' | 'organisation' | 'labels' | 'questions'> & {
    assessment: { id: string };
    consent?: DossierConsent | null;
  },
): string {
  const digest = createHash('sha256')
    .update(
      canonicalJson({
        assessmentId: dossier.assessment.id,
        exportedAt: dossier.exportedAt,
        organisation: dossier.organisation,
        labels: dossier.labels,
        questions: dossier.questions,
        // The consent's readable parts that are not in its chain entries (only when there is one,
        // so the statement of a dossier without a consent is unchanged).
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
  return `${PRESENTATION_HEADER}\n${origin}\nassessment ${dossier.assessment.id}\nsha256 ${digest}\n`;
}

export class DossierService {
  constructor(
    private readonly assessments: AssessmentService,
    private readonly chain: AuditChainRepository,
    private readonly tenants: TenantRepository,
    private readonly log: TransparencyLog,
    private readonly processingLog: ProcessingLog,
    private readonly consents?: Pick<ConsentService, 'withEntries'>,
  ) {}

  /**
   * Builds the dossier of one weighing. Exporting it is a processing of the client's data: the
   * LDV record is committed before the dossier is returned (docs/ldv.md).
   */
  async build(tenantId: string, assessmentId: string, processing: ProcessingContext): Promise<Dossier> {
    const started = performance.now();
    const assessment = await this.assessments.get(tenantId, assessmentId);
    const tenant = await this.tenants.findById(tenantId);
    if (!tenant) throw new NotFoundError('organisation');
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
        ? await this.consents.withEntries(tenantId, assessment.consent.consentId, assessment.language)
        : null;
    const consentEntries = consentFound?.entries ?? [];
    const result = await this.log.evidenceFor(tenantId, [...entries, ...consentEntries]);
    const ownSequences = new Set(sequences);
    const ruleset = getRuleset(assessment.rulesetHash);
    await this.processingLog.write(
      this.processingLog.records('dossier-exporteren', processing, [
        { dataSubjectId: assessment.request.client.refPseudonym },
      ]),
    );
    const consent: DossierConsent | null = consentFound
      ? consentSection(
          assessment,
          consentFound,
          ruleset ?? activeRuleset,
          result.ok
            ? result.evidence.entries.filter((e) => consentEntries.some((c) => c.sequence === e.sequence))
            : null,
        )
      : null;
    const readable = {
      exportedAt: new Date().toISOString(),
      organisation: { id: tenant.id, name: tenant.name },
      assessment,
      labels: labelsOf(assessment, ruleset ?? activeRuleset),
      questions: questionsOf(assessment, ruleset).map((q) =>
        assessment.consent && q.id in assessment.consent.derivedAnswers
          ? { ...q, answeredBy: 'consent_registry' as const }
          : q,
      ),
      consent,
    };
    const verification: DossierVerification = {
      method: 'inclusion_proofs',
      intact: result.ok,
      entriesChecked: result.ok
        ? entries.length + consentEntries.length
        : [...entries, ...consentEntries].filter((e) => e.sequence < result.brokenAt).length,
      treeSize: result.ok ? result.evidence.treeSize : 0,
      firstBrokenLink: result.ok ? null : { sequence: result.brokenAt, reason: result.reason },
      verifiedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
    };
    // Only what verified is vouched for: no signature at all on a dossier whose entries did not.
    const transparency: DossierTransparency | null = result.ok
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
    const { consent: _inReadable, ...rest } = readable;
    return {
      schema: DOSSIER_SCHEMA,
      ...rest,
      chainEntries,
      consent,
      verification,
      transparency,
      howToVerify: HOW_TO_VERIFY,
    };
  }
}

type Ruleset = NonNullable<ReturnType<typeof getRuleset>>;

function consentSection(
  assessment: AssessmentDetail,
  found: { view: ConsentView; entries: Array<DossierChainEntry & { recordedAt?: Date }> },
  ruleset: Ruleset,
  inclusion: DossierEvidence['entries'] | null,
): DossierConsent {
  const { labels } = ruleset.data;
  const lang = assessment.language;
  const words = (table: Record<string, { nl: string; en: string }>, codes: readonly string[]) =>
    Object.fromEntries(codes.map((c) => [c, table[c]?.[lang] ?? c]));
  const [registration, withdrawal] = found.entries;
  const nl = lang === 'nl';
  const proof =
    (nl
      ? `De registratie van de toestemming is schakel ${registration!.sequence} van de keten (hash ${registration!.hash}). ` +
        'Die positie en hash staan in de vastgelegde inhoud van de weging, en de registratie zelf is met een ' +
        'inclusiebewijs (RFC 9162) opgenomen in hetzelfde ondertekende transparantielog als de weging.'
      : `The registration of the consent is entry ${registration!.sequence} of the chain (hash ${registration!.hash}). ` +
        'That position and hash are part of the hashed content of the weighing, and the registration itself is ' +
        'proven, by an RFC 9162 inclusion proof, to be in the same signed transparency log as the weighing.') +
    (withdrawal
      ? nl
        ? ` De intrekking is schakel ${withdrawal.sequence} (hash ${withdrawal.hash}), met een eigen inclusiebewijs.`
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
      recipientType: labels.recipients[found.view.recipient.type]?.[lang] ?? found.view.recipient.type,
      purposes: words(labels.purposes, found.view.purposes),
      categories: words(labels.categories, found.view.categories),
    },
    proof,
  };
}

function labelsOf(assessment: AssessmentDetail, ruleset: Ruleset): DossierLabels {
  const { labels } = ruleset.data;
  const lang: Language = assessment.language;
  const categories: Record<string, string> = {};
  for (const item of [...assessment.information.share, ...assessment.information.withhold]) {
    categories[item.category] = labels.categories[item.category]?.[lang] ?? item.category;
  }
  for (const category of assessment.request.requestedInformation) {
    categories[category] = labels.categories[category]?.[lang] ?? category;
  }
  return {
    decision: labels.decisions[assessment.decision]?.[lang] ?? assessment.decision,
    ground: labels.grounds[assessment.ground]?.[lang] ?? assessment.ground,
    recipientType:
      labels.recipients[assessment.request.recipient.type]?.[lang] ?? assessment.request.recipient.type,
    purposeType: labels.purposes[assessment.request.purpose.type]?.[lang] ?? assessment.request.purpose.type,
    categories,
  };
}

/**
 * Every question that matters for this recipient type and purpose in the ruleset the weighing
 * used, in decision-tree order, with the answer given; then any other question that was answered.
 * Texts are in the language of the record. Without the ruleset (never removed, but be safe) only
 * the answered ids are listed.
 */
function questionsOf(assessment: AssessmentDetail, ruleset: Ruleset | undefined): DossierQuestion[] {
  const answers = assessment.request.answers;
  const language = assessment.language;
  if (!ruleset) {
    return Object.entries(answers).map(([id, answer]) => ({
      id,
      text: id,
      answer,
      answerText: String(answer),
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
    ...[...relevant, ...extra].map((q) => present(q, answers[q.id], language)),
    ...unknown.map((id) => ({
      id,
      text: id,
      answer: answers[id]!,
      answerText: String(answers[id]),
      sources: [],
    })),
  ];
}

function present(q: QuestionView, answer: boolean | string | undefined, language: Language): DossierQuestion {
  let answerText: string | null = null;
  if (typeof answer === 'boolean')
    answerText = answer ? (language === 'nl' ? 'ja' : 'yes') : language === 'nl' ? 'nee' : 'no';
  else if (typeof answer === 'string')
    answerText = q.optionTexts?.find((o) => o.value === answer)?.text ?? answer;
  // Questions are not covered by the record's digest (the signed presentation covers them): they are
  // shown with readable citations, also for a ruleset that named its sources by internal key.
  const citations = q.citations ?? q.sources.map(readableCitation);
  return {
    id: q.id,
    text: q.text,
    answer: answer ?? null,
    answerText,
    sources: citations.map((c) => c.text),
    citations: citations.map((c) => ({ ...c })),
  };
}
