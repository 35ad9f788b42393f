/**
 * Weighing sharing requests and recording them. A recorded weighing is one entry in the tenant's
 * integrity chain holding the request (client reference pseudonymised), the engine's complete
 * result, ruleset version and hash, engine and service versions, the API key that asked, the time
 * and the request's trace context; the index row that makes it findable, the completion of its
 * Idempotency-Key and its LDV processing-log record are written in the same transaction. Nothing is
 * ever updated: follow-ups and corrections are new entries. Reading a weighing is a processing of
 * the client's data too, logged before it is returned (docs/ldv.md).
 */
import { randomUUID } from 'node:crypto';
import type { Pseudonymiser } from '../audit/pseudonym.js';
import type { Principal } from '../auth/principal.js';
import {
  type ConsentUse,
  capacityOnTheDay,
  isConsentQuestion,
  REGISTRY_RULE_ID,
  type RegisteredConsent,
  useConsent,
} from '../consent/index.js';
import {
  type AssessmentRequest,
  type AssessmentResult,
  activeRuleset,
  evaluate,
  getRuleset,
  withReadableCitations,
} from '../engine/index.js';
import type {
  Decision,
  Ground,
  InformationCategory,
  Language,
  ProfessionalRegister,
} from '../engine/vocabulary.js';
import {
  ConsentReferenceError,
  EventAgainstAdviceError,
  NotFoundError,
  ReplayRecordError,
} from '../errors.js';
import type { LdvRecord } from '../ldv/record.js';
import { canonicalJson } from '../lib/canonical-json.js';
import { canonicalDigest, jsonUtf8 } from '../lib/json-bytes.js';
import type {
  AssessmentFilter,
  AssessmentRepository,
  AssessmentRow,
  AssessmentSummaryRow,
  EventRow,
} from '../repositories/assessment-repository.js';
import type { AuditChainRepository } from '../repositories/audit-chain-repository.js';
import type { IdempotencyRepository } from '../repositories/idempotency-repository.js';
import { SERVICE_VERSION } from '../version.js';
import { assessmentIndex, eventIndex } from './assessment-index.js';
import type { AuditTrail, PlacedEntry } from './audit-trail.js';
import { labelsOf } from './consent-view.js';
import { completionStatements, confirmedEntry } from './idempotency.js';
import type { ProcessingContext, ProcessingLog } from './processing-log.js';

export const ASSESSMENT_RECORDED = 'assessment.recorded';
export const ASSESSMENT_EVENT = 'assessment.event';

export const EVENT_TYPES = [
  'information_shared',
  'client_informed',
  'colleague_consulted',
  'shared_despite_advice',
  'not_shared',
  'note',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Who weighed, beside the opaque reference: the professional's own name as it should appear in
 * the dossier and their registration in a public register. The professional's data, not the
 * client's; optional.
 */
export interface ProfessionalIdentity {
  displayName?: string;
  registration?: { register: ProfessionalRegister; number: string };
}

/**
 * What the professional adds to a weighing in their own words and name: the motivation (their
 * reasoning, e.g. why consent could not be asked) and who they are. Recorded in the chain with the
 * request; the rules engine never reads it.
 */
export interface WeighingStatement {
  motivation?: string;
  identity?: ProfessionalIdentity;
}

/**
 * The request as stored: the client reference replaced by its pseudonym; the professional's
 * identity and motivation, when given, beside what the engine weighed.
 */
export type StoredRequest = Omit<AssessmentRequest, 'client' | 'professional'> & {
  client: Omit<AssessmentRequest['client'], 'ref'> & { refPseudonym: string };
  professional: AssessmentRequest['professional'] & ProfessionalIdentity;
  motivation?: string;
};

/** The languages of a weighing: its record's texts, and the texts of the answer to the caller. */
export interface WeighingLanguages {
  record: Language;
  response: Language;
}

/**
 * The engine's result as recorded in the chain. Every fact of the weighing is stored: decision,
 * ground, the outcome of every rule, every category shared or withheld with the rule that decided
 * it, the obligations, the questions still open, the explanation and the dossier note. The texts
 * that belong to rules (trace explanations, reasons, obligation texts and their sources) are not
 * repeated in every record: they are part of the ruleset, which the record names by content hash,
 * and `resultDigest` (SHA-256 of the canonical JSON of the complete result) binds the record to the
 * exact texts the professional was shown. Reading a record re-evaluates the recorded request with
 * the recorded ruleset and checks the digest before presenting those texts. This keeps a recorded
 * result around 5 KB instead of 26 to 33 KB (the chain entry, with the request and index values,
 * about 7 KB), which is what lets the whole chain be verified at speed.
 */
export interface RecordedResult {
  rulesetVersion: string;
  rulesetHash: string;
  engineVersion: string;
  language: Language;
  referenceDate: string;
  decision: Decision;
  ground: Ground;
  decisiveRuleId: string | null;
  acuteDanger: boolean;
  trace: Array<[ruleId: string, outcome: string]>;
  information: {
    share: Array<{ category: InformationCategory; ruleId: string }>;
    withhold: Array<{ category: InformationCategory; ruleId: string }>;
  };
  obligations: string[];
  missingAnswers: string[];
  explanation: string;
  dossierNote: string;
  resultDigest: string;
}

/**
 * The W3C trace context of the request that made a chain entry: the trace, this service's span
 * (the span of its LDV record, and the one its response named) and the caller's span, if the
 * caller sent a traceparent. They join the entry with the LDV processing log and the caller's own
 * logs. Entries made before traces were recorded have none.
 */
export interface TraceRef {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

/** The `data` of an assessment entry in the chain. */
export interface AssessmentRecordData {
  assessmentId: string;
  /** The request as the engine weighed it: with a registered consent, its answers included. */
  request: StoredRequest;
  result: RecordedResult;
  recordedBy: { apiKeyId: string };
  serviceVersion: string;
  traceContext?: TraceRef;
  /**
   * The registered consent the weighing referenced: its id, the hash and position of its chain
   * entry, any withdrawal known then, whether it fitted and why not, and the answers it gave.
   */
  consent?: ConsentUse;
}

/**
 * SHA-256 of the canonical JSON (RFC 8785) of the complete result, so that anyone holding the
 * result (in a dossier export, say) can recompute it in any language, whatever order its members
 * happen to be in.
 */
export function resultDigest(result: AssessmentResult): string {
  // = sha256(canonicalJson(result)), hashed from remembered byte pieces (see json-bytes.ts).
  return canonicalDigest(result);
}

/**
 * The recorded form of a frozen piece of a result (a trace entry, an information item) is derived
 * once and frozen too, so that canonicalising a record reuses its text (see canonical-json.ts).
 */
const recordedForm = new WeakMap<object, unknown>();
function recordedOnce<T extends object, R>(piece: T, derive: (piece: T) => R): R {
  if (!Object.isFrozen(piece)) return derive(piece);
  let form = recordedForm.get(piece) as R | undefined;
  if (form === undefined) {
    form = Object.freeze(derive(piece));
    recordedForm.set(piece, form);
  }
  return form;
}
const tracePair = (t: AssessmentResult['trace'][number]) =>
  recordedOnce(t, (entry): [string, string] => [entry.ruleId, entry.outcome]);
const informationFact = (item: AssessmentResult['information']['share'][number]) =>
  recordedOnce(item, ({ category, ruleId }) => ({ category, ruleId }));

export function recordResult(result: AssessmentResult): RecordedResult {
  return {
    rulesetVersion: result.rulesetVersion,
    rulesetHash: result.rulesetHash,
    engineVersion: result.engineVersion,
    language: result.language,
    referenceDate: result.referenceDate,
    decision: result.decision,
    ground: result.ground,
    decisiveRuleId: result.decisiveRuleId ?? null,
    acuteDanger: result.acuteDanger,
    trace: result.trace.map(tracePair),
    information: {
      share: result.information.share.map(informationFact),
      withhold: result.information.withhold.map(informationFact),
    },
    obligations: result.obligations.map((o) => o.id),
    missingAnswers: result.missingAnswers.map((q) => q.id),
    explanation: result.explanation,
    dossierNote: result.dossierNote,
    resultDigest: resultDigest(result),
  };
}

export interface EventInput {
  type: EventType;
  professionalRef: string;
  occurredAt?: string | undefined;
  text?: string | undefined;
  /** The professional's reasoning in their own words (required, or `text`, for shared_despite_advice). */
  motivation?: string | undefined;
  categories?: InformationCategory[] | undefined;
}

/**
 * Whether a follow-up is consistent with the weighing it follows. Sharing is recorded as
 * `information_shared` only within the weighing's advice: after a weighing that allowed (or
 * required) sharing, and naming only categories it said to share. Sharing anything else (a
 * withheld category, or anything after `not_allowed` or an unfinished weighing) is the
 * professional's own decision against the advice, recorded as `shared_despite_advice` with a
 * motivation. Returns the categories shared against the advice, or null when consistent.
 */
export function sharedAgainstAdvice(
  weighing: { decision: string; sharedCategories: readonly string[] },
  event: Pick<EventInput, 'type' | 'categories'>,
): { categories: InformationCategory[]; nothingAdvised: boolean } | null {
  if (event.type !== 'information_shared') return null;
  const categories = event.categories ?? [];
  const nothingAdvised = weighing.decision !== 'allowed' && weighing.decision !== 'required';
  const advised = new Set(weighing.sharedCategories);
  const against = nothingAdvised ? categories : categories.filter((c) => !advised.has(c));
  return nothingAdvised || against.length > 0 ? { categories: against, nothingAdvised } : null;
}

/** The `data` of a follow-up event entry in the chain. */
export interface EventRecordData extends EventInput {
  eventId: string;
  assessmentId: string;
  recordedBy: { apiKeyId: string };
  traceContext?: TraceRef;
}

export interface Integrity {
  sequence: number;
  hash: string;
  previousHash: string;
}

export interface RecordedAssessment extends AssessmentResult {
  id: string;
  recordedAt: string;
  caseRef: string;
  serviceVersion: string;
  /** When the weighing referenced a registered consent: how it was used. */
  consent?: ConsentUse;
  integrity: Integrity;
}

export interface RecordedEvent extends EventInput {
  id: string;
  assessmentId: string;
  recordedAt: string;
  integrity: Integrity;
  traceContext?: TraceRef;
}

export interface AssessmentDetail extends RecordedAssessment {
  request: StoredRequest;
  recordedBy: { apiKeyId: string };
  /** SHA-256 of the complete result as it was returned when recorded. */
  resultDigest: string;
  /**
   * True when re-evaluating the recorded request reproduced the recorded result exactly (its
   * digest matches), so every text shown is the text the professional saw. False only if the
   * recorded ruleset can no longer be loaded or reproduces differently; the recorded facts are
   * then shown with the rule texts left empty.
   */
  textsReproduced: boolean;
  events: RecordedEvent[];
}

/**
 * A recorded weighing as a person reads it: a result of a ruleset that named its sources by
 * internal key (2026.11.1) gets readable citations instead. Presentation only: the record, its
 * digest and the dossier export keep the result as it was recorded and returned.
 */
export function forReading<D extends AssessmentDetail>(detail: D): D & { citationsAddedOnReading?: true } {
  const readable = withReadableCitations(detail);
  return readable === detail ? detail : { ...readable, citationsAddedOnReading: true };
}

export interface IdempotencyContext {
  key: string;
  fingerprint: string;
}

// Kept importable from here; the class lives with the other domain errors.
export { ConsentReferenceError, NotFoundError, ReplayRecordError };

/** The consent registry as weighings see it. */
export interface ConsentRegistry {
  registered(
    tenantId: string,
    id: string,
  ): Promise<{ consent: RegisteredConsent; clientRefHash: string } | null>;
}

/**
 * The result of a weighing that used a registered consent: the registry's entry first in the
 * trace and its line in the dossier note. This is the complete result the professional sees, and
 * what `resultDigest` covers.
 */
export function withConsent(result: AssessmentResult, use: ConsentUse): AssessmentResult {
  return {
    ...result,
    trace: [use.traceEntry, ...result.trace],
    dossierNote: `${result.dossierNote}\n${use.note}`,
  };
}

interface RecordPayload {
  row: Omit<AssessmentRow, 'sequence' | 'recordedAt'>;
  idempotency?: { key: string };
  /** The LDV records of this processing, committed with the entry. */
  processing: LdvRecord[];
}

interface EventPayload {
  row: Omit<EventRow, 'sequence' | 'recordedAt'>;
  idempotency?: { key: string };
  processing: LdvRecord[];
}

export const traceRef = (processing: ProcessingContext): TraceRef => ({
  traceId: processing.traceId,
  spanId: processing.spanId,
  ...(processing.parentSpanId !== null ? { parentSpanId: processing.parentSpanId } : {}),
});

const integrityOf = (placed: { sequence: number; hash: string; previousHash: string }): Integrity => ({
  sequence: placed.sequence,
  hash: placed.hash,
  previousHash: placed.previousHash,
});

// Building a formatter costs ~70 µs; formatting with a built one a fraction of that.
const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

/**
 * The response body of a recorded weighing: the same members, in the same order, as
 * JSON.stringify of {id, recordedAt, caseRef, serviceVersion, ...result, integrity}, built around
 * the result's JSON instead of serialising the 26 KB result a second time.
 */
export function presentJson(
  id: string,
  placed: PlacedEntry,
  caseRef: string,
  resultJson: string,
  consent: ConsentUse | undefined,
): string {
  const { head, tail } = presentEnds(id, placed, caseRef, consent);
  return `${head},${resultJson.slice(1, -1)},${tail}`;
}

/**
 * presentJson as UTF-8 bytes, byte for byte, around the result's bytes (jsonUtf8): what a
 * recorded weighing is answered with. The ~75 KB answer is never one JavaScript string, whose
 * flattening, UTF-8 length and encoding for the socket cost more than building it (issue #15).
 */
export function presentBytes(
  id: string,
  placed: PlacedEntry,
  caseRef: string,
  resultBytes: Buffer,
  consent: ConsentUse | undefined,
): Buffer {
  const { head, tail } = presentEnds(id, placed, caseRef, consent);
  // The result's first and last bytes are its braces (one byte each in UTF-8).
  return Buffer.concat([
    Buffer.from(`${head},`, 'utf8'),
    resultBytes.subarray(1, resultBytes.length - 1),
    Buffer.from(`,${tail}`, 'utf8'),
  ]);
}

/** The members before and after the result's, without the braces that enclose them all. */
function presentEnds(
  id: string,
  placed: PlacedEntry,
  caseRef: string,
  consent: ConsentUse | undefined,
): { head: string; tail: string } {
  const head = JSON.stringify({
    id,
    recordedAt: placed.recordedAt.toISOString(),
    caseRef,
    serviceVersion: SERVICE_VERSION,
  });
  const tail = JSON.stringify({ ...(consent ? { consent } : {}), integrity: integrityOf(placed) });
  return { head: head.slice(0, -1), tail: tail.slice(1) };
}

/**
 * How much of a weighing a response carries. `full` (the default): the complete result, with the
 * trace of every rule and its explanation and sources (~23 of its ~26 KB). `compact` (asked for
 * with `Prefer: return=minimal`, RFC 7240): the same without the trace: decision, ground, the
 * information to share and withhold with reasons and sources, obligations, open questions,
 * explanation, dossier note and integrity. What is recorded is the same either way.
 */
export type ResultView = 'full' | 'compact';

/** The result without its per-rule trace (see ResultView). */
export function compactResult(result: AssessmentResult): Omit<AssessmentResult, 'trace'> {
  const { trace: _trace, ...compact } = result;
  return compact;
}

/** The stored JSON of a recorded weighing's response, in the compact view. */
export function compactRecordedJson(body: string): string {
  const { trace: _trace, ...compact } = JSON.parse(body) as Record<string, unknown>;
  return JSON.stringify(compact);
}

/** Today's date in the Netherlands: the day the weighing is made (consent expiry is judged on it). */
export function amsterdamDate(at: Date): string {
  return AMSTERDAM_DAY.format(at);
}

export class AssessmentService {
  constructor(
    private readonly trail: AuditTrail,
    private readonly assessments: AssessmentRepository,
    private readonly chain: AuditChainRepository,
    idempotency: IdempotencyRepository,
    private readonly pseudonymiser: Pseudonymiser,
    private readonly processingLog: ProcessingLog,
    private readonly consents?: ConsentRegistry,
  ) {
    trail.registerProjector<RecordPayload>(ASSESSMENT_RECORDED, (items) => [
      assessments.insertStatement(
        items.map(({ placed, payload }) => ({
          ...payload.row,
          sequence: placed.sequence,
          recordedAt: placed.recordedAt,
        })),
      ),
      ...completionStatements(idempotency, items),
      ...this.processingLog.entryStatements(items),
    ]);
    trail.registerProjector<EventPayload>(ASSESSMENT_EVENT, (items) => [
      assessments.insertEventsStatement(
        items.map(({ placed, payload }) => ({
          ...payload.row,
          sequence: placed.sequence,
          recordedAt: placed.recordedAt,
        })),
      ),
      ...completionStatements(idempotency, items),
      ...this.processingLog.entryStatements(items),
    ]);
  }

  /** Evaluates without recording (dry run), e.g. for a UI walking the questions. */
  evaluateOnly(request: AssessmentRequest, language: Language, now = new Date()): AssessmentResult {
    return evaluate(request, { language, referenceDate: amsterdamDate(now) }, activeRuleset);
  }

  /**
   * The request with the answers the registered consent gives as of the weighing's day, and the
   * record of that use. The consent questions are then the registry's to answer, not the caller's.
   */
  private async applyConsent(
    tenantId: string,
    request: AssessmentRequest,
    consentId: string,
    language: Language,
    referenceDate: string,
  ): Promise<{ request: AssessmentRequest; use: ConsentUse }> {
    const explicit = Object.keys(request.answers).filter(isConsentQuestion);
    if (explicit.length > 0) {
      throw new ConsentReferenceError(
        `answers.${explicit[0]}`,
        'cannot be answered together with consentId: the consent registry answers every consent question',
      );
    }
    if (!this.consents) throw new Error('the consent registry is not configured');
    const found = await this.consents.registered(tenantId, consentId);
    if (!found)
      throw new ConsentReferenceError('consentId', 'is not a consent registered by your organisation');
    if (found.clientRefHash !== this.pseudonymiser.clientRef(tenantId, request.client.ref)) {
      throw new ConsentReferenceError('consentId', 'is a consent of another client');
    }
    const use = useConsent(
      found.consent,
      {
        referenceDate,
        client: {
          ageGroup: request.client.ageGroup,
          capacity: capacityOnTheDay(request.client.decisionCapacity, request.answers),
          deceased: request.client.deceased,
        },
        recipient: request.recipient,
        purpose: request.purpose.type,
        requested: request.requestedInformation,
      },
      {
        asked: new Set(activeRuleset.data.questions.map((q) => q.id)),
        language,
        labels: labelsOf(activeRuleset, language),
      },
    );
    return { request: { ...request, answers: { ...request.answers, ...use.derivedAnswers } }, use };
  }

  /**
   * A dry run as the API performs it: nothing is recorded in the chain, but the client's data was
   * used, so the processing is logged (docs/ldv.md) and the result is returned only once the LDV
   * record has committed.
   */
  async explore(
    request: AssessmentRequest,
    language: Language,
    processing: ProcessingContext,
    consentId?: string,
  ): Promise<AssessmentResult & { consent?: ConsentUse }> {
    let result: AssessmentResult & { consent?: ConsentUse };
    if (consentId === undefined) result = this.evaluateOnly(request, language);
    else {
      // With a registered consent: the registry's answers as of today, as a recorded weighing would.
      const referenceDate = amsterdamDate(new Date());
      const applied = await this.applyConsent(
        processing.tenantId,
        request,
        consentId,
        language,
        referenceDate,
      );
      const evaluated = evaluate(applied.request, { language, referenceDate }, activeRuleset);
      result = { ...withConsent(evaluated, applied.use), consent: applied.use };
    }
    const dataSubjectId = this.pseudonymiser.clientRef(processing.tenantId, request.client.ref);
    await this.processingLog.write(
      this.processingLog.records('afweging-beroepsgeheim-verkennen', processing, [{ dataSubjectId }]),
    );
    return result;
  }

  /**
   * Evaluates and records in one transaction; resolves only after the commit. With an
   * idempotency context the stored response is completed in the same transaction.
   */
  async record(
    principal: Principal,
    asked: AssessmentRequest,
    statement: WeighingStatement,
    languages: WeighingLanguages,
    idempotency: IdempotencyContext | undefined,
    processing: ProcessingContext,
    consentId?: string,
    view: ResultView = 'full',
  ): Promise<{ response: RecordedAssessment; body: Buffer; sequence: number }> {
    const referenceDate = amsterdamDate(new Date());
    const weigh = async (language: Language) => {
      const applied =
        consentId === undefined
          ? undefined
          : await this.applyConsent(principal.tenantId, asked, consentId, language, referenceDate);
      // With a registered consent the engine weighs the request with the registry's answers, and
      // that request is what is recorded (so the weighing replays without the registry).
      const weighed = applied?.request ?? asked;
      const evaluated = evaluate(weighed, { language, referenceDate }, activeRuleset);
      return {
        request: weighed,
        result: applied ? withConsent(evaluated, applied.use) : evaluated,
        use: applied?.use,
      };
    };
    const recorded = await weigh(languages.record);
    const { request, result, use: consent } = recorded;
    // The caller may read the answer in another language than the record's (Accept-Language): the
    // same weighing, its texts taken from the same ruleset (and registry) in that language.
    const answer = languages.response === languages.record ? recorded : await weigh(languages.response);
    const shown = answer.result;
    const id = randomUUID();
    const stored = this.storedRequest(principal.tenantId, request, statement);
    const refPseudonym = stored.client.refPseudonym;
    // Serialised once, as UTF-8 bytes, for the response body in the view asked for; the digest
    // takes the canonical form.
    const data: AssessmentRecordData = {
      assessmentId: id,
      request: stored,
      result: recordResult(result),
      recordedBy: { apiKeyId: principal.apiKeyId },
      serviceVersion: SERVICE_VERSION,
      traceContext: traceRef(processing),
      ...(consent ? { consent } : {}),
    };
    const row: RecordPayload['row'] = {
      id,
      tenantId: principal.tenantId,
      caseRef: request.caseRef,
      clientRefHash: refPseudonym,
      professionalRef: request.professional.ref,
      recipientType: request.recipient.type,
      purposeType: request.purpose.type,
      decision: result.decision,
      ground: result.ground,
      sharedCategories: result.information.share.map((i) => i.category),
      withheldCategories: result.information.withhold.map((i) => i.category),
      rulesetVersion: result.rulesetVersion,
      rulesetHash: result.rulesetHash,
      apiKeyId: principal.apiKeyId,
    };
    const placed = await this.trail.append<RecordPayload>(principal.tenantId, {
      entryType: ASSESSMENT_RECORDED,
      entityId: id,
      // Already plain JSON: the request as validated, the result as the engine builds it.
      data,
      index: assessmentIndex(row),
      payload: {
        row,
        ...(idempotency ? { idempotency: { key: idempotency.key } } : {}),
        processing: this.processingLog.records('afweging-beroepsgeheim-vastleggen', processing, [
          { dataSubjectId: refPseudonym },
        ]),
      },
    });
    return {
      response: this.present(id, placed, request.caseRef, shown, answer.use),
      body: presentBytes(
        id,
        placed,
        request.caseRef,
        jsonUtf8(view === 'full' ? shown : compactResult(shown)),
        answer.use,
      ),
      sequence: placed.sequence,
    };
  }

  /**
   * The request as the chain stores it: the client reference replaced by its pseudonym, the
   * professional's identity and motivation added.
   */
  private storedRequest(
    tenantId: string,
    request: AssessmentRequest,
    statement: WeighingStatement,
  ): StoredRequest {
    const refPseudonym = this.pseudonymiser.clientRef(tenantId, request.client.ref);
    const { ref: _clear, ...client } = request.client;
    return {
      ...request,
      client: { ...client, refPseudonym },
      professional: { ...request.professional, ...statement.identity },
      ...(statement.motivation !== undefined ? { motivation: statement.motivation } : {}),
    };
  }

  /**
   * The answer a recorded weighing was given, rebuilt from its chain entry for an Idempotency-Key
   * replay: the entry must be the record of exactly this request (the caller's, with the client
   * reference pseudonymised as it was). Texts are re-evaluated with the recorded ruleset and
   * checked against the recorded digest, in the language first asked for.
   */
  async recordedAnswer(
    tenantId: string,
    sequence: number,
    request: AssessmentRequest,
    statement: WeighingStatement,
    consentId?: string,
  ): Promise<{ id: string; body: string; language: Language; sequence: number }> {
    const entry = await confirmedEntry(this.chain, tenantId, sequence, ASSESSMENT_RECORDED);
    const data = (JSON.parse(entry.content) as { data: AssessmentRecordData }).data;
    // With a registered consent the chain holds the request with the registry's answers added.
    if ((data.consent?.consentId ?? undefined) !== consentId) {
      throw new ReplayRecordError('the entry it names used another consent');
    }
    const weighed = data.consent
      ? { ...request, answers: { ...request.answers, ...data.consent.derivedAnswers } }
      : request;
    if (canonicalJson(data.request) !== canonicalJson(this.storedRequest(tenantId, weighed, statement))) {
      throw new ReplayRecordError('the entry it names records another request');
    }
    const { result } = rehydrate(data);
    return {
      id: data.assessmentId,
      body: presentJson(data.assessmentId, entry, data.request.caseRef, JSON.stringify(result), data.consent),
      language: data.result.language,
      sequence: entry.sequence,
    };
  }

  /** The answer a follow-up event was given, rebuilt from its chain entry (as recordedAnswer). */
  async recordedEventAnswer(
    tenantId: string,
    sequence: number,
    assessmentId: string,
    input: EventInput,
  ): Promise<{ id: string; body: string; sequence: number }> {
    const entry = await confirmedEntry(this.chain, tenantId, sequence, ASSESSMENT_EVENT);
    const data = (JSON.parse(entry.content) as { data: EventRecordData }).data;
    // In the order the first answer had its members (the chain holds them sorted).
    const asRecorded: EventRecordData = clean({
      ...input,
      eventId: data.eventId,
      assessmentId,
      recordedBy: data.recordedBy,
      traceContext: data.traceContext && {
        traceId: data.traceContext.traceId,
        spanId: data.traceContext.spanId,
        parentSpanId: data.traceContext.parentSpanId,
      },
    });
    if (canonicalJson(asRecorded) !== canonicalJson(data)) {
      throw new ReplayRecordError('the entry it names records another event');
    }
    return {
      id: data.eventId,
      body: JSON.stringify(this.presentEvent(asRecorded, entry)),
      sequence: entry.sequence,
    };
  }

  private present(
    id: string,
    placed: PlacedEntry,
    caseRef: string,
    result: AssessmentResult,
    consent: ConsentUse | undefined,
  ): RecordedAssessment {
    return {
      id,
      recordedAt: placed.recordedAt.toISOString(),
      caseRef,
      serviceVersion: SERVICE_VERSION,
      ...result,
      ...(consent ? { consent } : {}),
      integrity: integrityOf(placed),
    };
  }

  async get(tenantId: string, id: string): Promise<AssessmentDetail> {
    return (await this.load(tenantId, id)).detail;
  }

  /**
   * One recorded weighing read through the API, with the trace it was recorded in: a processing
   * of the client's data, logged before it is returned.
   */
  async read(
    tenantId: string,
    id: string,
    processing: ProcessingContext,
  ): Promise<AssessmentDetail & { traceContext?: TraceRef }> {
    const { detail, traceContext } = await this.load(tenantId, id);
    await this.processingLog.write(
      this.processingLog.records('afweging-raadplegen', processing, [
        { dataSubjectId: detail.request.client.refPseudonym },
      ]),
    );
    return traceContext ? { ...detail, traceContext } : detail;
  }

  private async load(
    tenantId: string,
    id: string,
  ): Promise<{ detail: AssessmentDetail; traceContext?: TraceRef }> {
    const row = await this.assessments.findById(tenantId, id);
    if (!row) throw new NotFoundError('assessment');
    const events = await this.assessments.eventsOf(tenantId, id);
    const entries = await this.chain.findManyBySequence(tenantId, [
      row.sequence,
      ...events.map((e) => e.sequence),
    ]);
    const bySequence = new Map(entries.map((e) => [e.sequence, e]));
    const entry = bySequence.get(row.sequence);
    if (!entry) throw new NotFoundError('assessment');
    const data = (JSON.parse(entry.content) as { data: AssessmentRecordData }).data;
    const { result, reproduced } = rehydrate(data);
    const detail: AssessmentDetail = {
      id,
      recordedAt: entry.recordedAt.toISOString(),
      caseRef: data.request.caseRef,
      serviceVersion: data.serviceVersion,
      ...result,
      ...(data.consent ? { consent: data.consent } : {}),
      integrity: integrityOf(entry),
      request: data.request,
      recordedBy: data.recordedBy,
      resultDigest: data.result.resultDigest,
      textsReproduced: reproduced,
      events: events.flatMap((event) => {
        const eventEntry = bySequence.get(event.sequence);
        if (!eventEntry) return [];
        const eventData = (JSON.parse(eventEntry.content) as { data: EventRecordData }).data;
        return [this.presentEvent(eventData, eventEntry)];
      }),
    };
    return data.traceContext ? { detail, traceContext: data.traceContext } : { detail };
  }

  private presentEvent(
    data: EventRecordData,
    placed: { recordedAt: Date; sequence: number; hash: string; previousHash: string },
  ): RecordedEvent {
    const { eventId, recordedBy: _by, ...rest } = data;
    return {
      ...rest,
      id: eventId,
      recordedAt: placed.recordedAt.toISOString(),
      integrity: integrityOf(placed),
    };
  }

  async list(
    tenantId: string,
    filter: Omit<AssessmentFilter, 'clientRefHash'> & { clientRef?: string | undefined },
    limit: number,
    processing: ProcessingContext,
  ): Promise<{ items: AssessmentSummaryRow[]; nextCursor: number | null }> {
    const { clientRef, ...rest } = filter;
    const rows = await this.assessments.list(
      tenantId,
      {
        ...rest,
        ...(clientRef !== undefined
          ? { clientRefHash: this.pseudonymiser.clientRef(tenantId, clientRef) }
          : {}),
      },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    // Each client whose weighings the page shows is a data subject of this read.
    await this.processingLog.write(
      this.processingLog.records(
        'afwegingen-zoeken',
        processing,
        page.map((r) => ({ dataSubjectId: r.clientRefHash })),
      ),
    );
    return { items: page, nextCursor: rows.length > limit ? page[page.length - 1]!.sequence : null };
  }

  async addEvent(
    principal: Principal,
    assessmentId: string,
    input: EventInput,
    idempotency: IdempotencyContext | undefined,
    processing: ProcessingContext,
  ): Promise<{ response: RecordedEvent; body: string; sequence: number }> {
    const assessment = await this.assessments.findById(principal.tenantId, assessmentId);
    if (!assessment) throw new NotFoundError('assessment');
    const against = sharedAgainstAdvice(assessment, input);
    if (against) throw new EventAgainstAdviceError(against.categories, against.nothingAdvised);
    const eventId = randomUUID();
    const data: EventRecordData = {
      ...input,
      eventId,
      assessmentId,
      recordedBy: { apiKeyId: principal.apiKeyId },
      traceContext: traceRef(processing),
    };
    const recorded = clean(data);
    const row = { id: eventId, tenantId: principal.tenantId, assessmentId, eventType: input.type };
    const placed = await this.trail.append<EventPayload>(principal.tenantId, {
      entryType: ASSESSMENT_EVENT,
      entityId: eventId,
      data: recorded,
      index: eventIndex(row),
      payload: {
        row,
        ...(idempotency ? { idempotency: { key: idempotency.key } } : {}),
        // The follow-up concerns the weighing's client.
        processing: this.processingLog.records('vervolgstap-vastleggen', processing, [
          { dataSubjectId: assessment.clientRefHash },
        ]),
      },
    });
    const response = this.presentEvent(recorded, placed);
    return { response, body: JSON.stringify(response), sequence: placed.sequence };
  }

  /**
   * Re-evaluates a recorded request with the ruleset it was recorded with (found by hash), on the
   * same day and in the same language, and compares the result byte for byte with the recorded
   * one; also shows what the current ruleset would decide.
   */
  async replay(tenantId: string, id: string, processing: ProcessingContext): Promise<ReplayReport> {
    const row = await this.assessments.findById(tenantId, id);
    if (!row) throw new NotFoundError('assessment');
    const entry = await this.chain.findBySequence(tenantId, row.sequence);
    if (!entry) throw new NotFoundError('assessment');
    const data = (JSON.parse(entry.content) as { data: AssessmentRecordData }).data;
    const recorded = data.result;
    const request = engineRequest(data.request);
    const options = { language: recorded.language, referenceDate: recorded.referenceDate };
    const original = getRuleset(recorded.rulesetHash);
    const evaluated = original ? evaluate(request, options, original) : null;
    const replayed = evaluated && data.consent ? withConsent(evaluated, data.consent) : evaluated;
    const current = evaluate(request, options, activeRuleset);
    await this.processingLog.write(
      this.processingLog.records('afweging-herberekenen', processing, [
        { dataSubjectId: data.request.client.refPseudonym },
      ]),
    );
    return {
      assessmentId: id,
      recorded: {
        rulesetVersion: recorded.rulesetVersion,
        rulesetHash: recorded.rulesetHash,
        decision: recorded.decision,
        ground: recorded.ground,
      },
      rulesetAvailable: original !== undefined,
      identical: replayed !== null && resultDigest(replayed) === recorded.resultDigest,
      differences: replayed ? diffPaths(recorded, { ...recordResult(replayed) }) : [],
      current: {
        rulesetVersion: current.rulesetVersion,
        rulesetHash: current.rulesetHash,
        decision: current.decision,
        ground: current.ground,
        sameDecision: current.decision === recorded.decision && current.ground === recorded.ground,
      },
    };
  }
}

export interface ReplayReport {
  assessmentId: string;
  recorded: { rulesetVersion: string; rulesetHash: string; decision: Decision; ground: Ground };
  rulesetAvailable: boolean;
  identical: boolean;
  differences: string[];
  current: {
    rulesetVersion: string;
    rulesetHash: string;
    decision: Decision;
    ground: Ground;
    sameDecision: boolean;
  };
}

/** As JSON holds it: no undefined members (what the chain entry states). */
function clean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The recorded request as the engine takes it: the pseudonym stands in for the client reference;
 * the professional's identity and motivation are not the engine's.
 */
export function engineRequest(request: StoredRequest): AssessmentRequest {
  const { refPseudonym, ...client } = request.client;
  const { motivation: _motivation, professional, ...rest } = request;
  const { displayName: _name, registration: _registration, ...weighed } = professional;
  return { ...rest, professional: weighed, client: { ...client, ref: refPseudonym } };
}

/**
 * The complete result of a recorded weighing: re-evaluated with the recorded ruleset and accepted
 * only when it reproduces the recorded digest. Otherwise the recorded facts, without rule texts.
 */
function rehydrate(data: AssessmentRecordData): { result: AssessmentResult; reproduced: boolean } {
  const recorded = data.result;
  const ruleset = getRuleset(recorded.rulesetHash);
  if (ruleset) {
    const evaluated = evaluate(
      engineRequest(data.request),
      { language: recorded.language, referenceDate: recorded.referenceDate },
      ruleset,
    );
    const result = data.consent ? withConsent(evaluated, data.consent) : evaluated;
    if (resultDigest(result) === recorded.resultDigest) return { result, reproduced: true };
  }
  const item = ({ category, ruleId }: { category: InformationCategory; ruleId: string }) => ({
    category,
    ruleId,
    reason: '',
    sources: [],
  });
  return {
    reproduced: false,
    result: {
      rulesetVersion: recorded.rulesetVersion,
      rulesetHash: recorded.rulesetHash,
      engineVersion: recorded.engineVersion,
      language: recorded.language,
      referenceDate: recorded.referenceDate,
      decision: recorded.decision,
      ground: recorded.ground,
      decisiveRuleId: recorded.decisiveRuleId,
      acuteDanger: recorded.acuteDanger,
      information: {
        share: recorded.information.share.map(item),
        withhold: recorded.information.withhold.map(item),
      },
      missingAnswers: recorded.missingAnswers.map((qid) => ({
        id: qid,
        type: 'boolean',
        text: '',
        help: '',
        sources: [],
      })),
      obligations: recorded.obligations.map((oid) => ({ id: oid, text: '', sources: [] })),
      trace: recorded.trace.map(([ruleId, outcome]) =>
        // The registry's entry is recorded in full with the consent's use.
        ruleId === REGISTRY_RULE_ID && data.consent
          ? data.consent.traceEntry
          : {
              ruleId,
              outcome: outcome as AssessmentResult['trace'][number]['outcome'],
              explanation: '',
              sources: [],
            },
      ),
      explanation: recorded.explanation,
      dossierNote: recorded.dossierNote,
    },
  };
}

/** JSON paths at which two values differ (at most 50). */
export function diffPaths(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= 50) return out;
  if (canonicalJson(a) === canonicalJson(b)) return out;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) {
      diffPaths(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
        out,
      );
    }
    return out;
  }
  out.push(path || '(root)');
  return out;
}
