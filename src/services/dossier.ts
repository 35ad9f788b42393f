/**
 * The tuchtrecht dossier of one weighing: everything a professional needs to defend a decision
 * years later, and everything a third party needs to check it without the service.
 *
 * Building one verifies the organisation's whole chain up to its head, then signs an `export`
 * checkpoint naming exactly the dossier's chain entries (the record and each follow-up event)
 * with their hashes. The dossier carries those entries' exact hashed contents, so the readable
 * part can be checked against them, the hashes recomputed, and the signature checked with the
 * public key alone (scripts/verify-export.mjs, docs/verifying-a-dossier.md). When the chain does
 * not verify, nothing is signed: the dossier says so and carries no checkpoint.
 */
import { activeRuleset, getRuleset, questionCatalogue } from '../engine/index.js';
import type { QuestionView } from '../engine/types.js';
import type { Language } from '../engine/vocabulary.js';
import type { AuditChainRepository } from '../repositories/audit-chain-repository.js';
import type { TenantRepository } from '../repositories/tenant-repository.js';
import { type AssessmentDetail, type AssessmentService, NotFoundError } from './assessments.js';
import {
  type AuditVerifier,
  FULL_VERIFICATION_MAX_AGE_MS,
  type VerificationReport,
} from './audit-verifier.js';
import type { CheckpointService, SignedCheckpoint } from './checkpoints.js';
import type { ProcessingContext, ProcessingLog } from './processing-log.js';

export const DOSSIER_SCHEMA = 'beroepsgeheim.dossier/1';

export interface DossierQuestion {
  id: string;
  text: string;
  /** The answer as recorded; null when the question was not answered. */
  answer: boolean | string | null;
  /** The answer in words, in the language of the record; null when not answered. */
  answerText: string | null;
  sources: string[];
}

export interface DossierChainEntry {
  sequence: number;
  entryType: string;
  previousHash: string;
  hash: string;
  /** The exact canonical JSON that was hashed. */
  content: string;
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
  verification: Omit<VerificationReport, 'tenantId'>;
  checkpoint: SignedCheckpoint | null;
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
  'For each entry of chainEntries, SHA-256 over the UTF-8 bytes of previousHash followed by content must ' +
  'equal hash (lowercase hex); content is the canonical JSON (RFC 8785) of the recorded entry, and assessment ' +
  'must equal what it holds. checkpoint.statement must verify with Ed25519 against the published public key ' +
  'of the service (GET /v1/audit/public-key, publicKeyId = first 16 hex of SHA-256 of the SPKI DER) and list ' +
  'exactly the (sequence, hash) of chainEntries. Run `node verify-export.mjs dossier.json public-key.pem`; ' +
  'the full procedure is in docs/verifying-a-dossier.md.';

export class DossierService {
  private readonly verifying = new Map<string, Promise<VerificationReport>>();

  constructor(
    private readonly assessments: AssessmentService,
    private readonly chain: AuditChainRepository,
    private readonly tenants: TenantRepository,
    private readonly verifier: Pick<AuditVerifier, 'verifyFresh'>,
    private readonly checkpoints: CheckpointService,
    private readonly processingLog: ProcessingLog,
  ) {}

  /**
   * Builds the dossier of one weighing. Exporting it is a processing of the client's data: the
   * LDV record is committed before the dossier is returned (docs/ldv.md).
   */
  async build(tenantId: string, assessmentId: string, processing: ProcessingContext): Promise<Dossier> {
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
    const { tenantId: _omit, ...verification } = await this.verifyUpTo(tenantId, Math.max(...sequences));
    // Only what verified is vouched for: a broken chain gets no checkpoint (the dossier says why).
    const checkpoint: SignedCheckpoint | null =
      verification.intact && verification.headHash
        ? await this.checkpoints.signExport({
            tenantId,
            assessmentId,
            entries: chainEntries,
            head: { sequence: verification.headSequence, hash: verification.headHash },
            verifiedAt: verification.verifiedAt,
          })
        : null;
    const ruleset = getRuleset(assessment.rulesetHash);
    await this.processingLog.write(
      this.processingLog.records('dossier-exporteren', processing, [
        { dataSubjectId: assessment.request.client.refPseudonym },
      ]),
    );
    return {
      schema: DOSSIER_SCHEMA,
      exportedAt: new Date().toISOString(),
      organisation: { id: tenant.id, name: tenant.name },
      assessment,
      labels: labelsOf(assessment, ruleset ?? activeRuleset),
      questions: questionsOf(assessment, ruleset),
      chainEntries,
      verification,
      checkpoint,
      howToVerify: HOW_TO_VERIFY,
    };
  }

  /**
   * Verifies the chain up to at least `sequence`. Exports arriving together for one organisation
   * share one verification run, unless it started before their entries existed.
   */
  private async verifyUpTo(tenantId: string, sequence: number): Promise<VerificationReport> {
    const running = this.verifying.get(tenantId);
    if (running) {
      const report = await running;
      if (report.headSequence >= sequence) return report;
    }
    // A full run at most every few minutes; in between, what was appended since (see verifyFresh).
    const run = this.verifier.verifyFresh(tenantId, FULL_VERIFICATION_MAX_AGE_MS).finally(() => {
      if (this.verifying.get(tenantId) === run) this.verifying.delete(tenantId);
    });
    this.verifying.set(tenantId, run);
    return run;
  }
}

type Ruleset = NonNullable<ReturnType<typeof getRuleset>>;

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
  return { id: q.id, text: q.text, answer: answer ?? null, answerText, sources: [...q.sources] };
}
