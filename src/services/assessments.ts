/**
 * Weighing sharing requests and recording them. A recorded weighing is one entry in the tenant's
 * integrity chain holding the request (client reference pseudonymised), the engine's complete
 * result, ruleset version and hash, engine and service versions, the API key that asked and the
 * time; the index row that makes it findable and the completion of its Idempotency-Key are written
 * in the same transaction. Nothing is ever updated: follow-ups and corrections are new entries.
 */
import { randomUUID } from 'node:crypto';
import type { Pseudonymiser } from '../audit/pseudonym.js';
import type { Principal } from '../auth/principal.js';
import {
  type AssessmentRequest,
  type AssessmentResult,
  activeRuleset,
  ENGINE_VERSION,
  evaluate,
  getRuleset,
} from '../engine/index.js';
import type { Decision, Ground, InformationCategory, Language } from '../engine/vocabulary.js';
import { canonicalJson } from '../lib/canonical-json.js';
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
import type { AuditTrail, PlacedEntry } from './audit-trail.js';

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

/** The request as stored: the client reference replaced by its pseudonym. */
export type StoredRequest = Omit<AssessmentRequest, 'client'> & {
  client: Omit<AssessmentRequest['client'], 'ref'> & { refPseudonym: string };
};

/** The `data` of an assessment entry in the chain. */
export interface AssessmentRecordData {
  assessmentId: string;
  request: StoredRequest;
  result: AssessmentResult;
  recordedBy: { apiKeyId: string };
  serviceVersion: string;
}

export interface EventInput {
  type: EventType;
  professionalRef: string;
  occurredAt?: string | undefined;
  text?: string | undefined;
  categories?: InformationCategory[] | undefined;
}

/** The `data` of a follow-up event entry in the chain. */
export interface EventRecordData extends EventInput {
  eventId: string;
  assessmentId: string;
  recordedBy: { apiKeyId: string };
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
  integrity: Integrity;
}

export interface RecordedEvent extends EventInput {
  id: string;
  assessmentId: string;
  recordedAt: string;
  integrity: Integrity;
}

export interface AssessmentDetail extends RecordedAssessment {
  request: StoredRequest;
  recordedBy: { apiKeyId: string };
  events: RecordedEvent[];
}

export interface IdempotencyContext {
  key: string;
  fingerprint: string;
}

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

interface RecordPayload {
  row: Omit<AssessmentRow, 'sequence' | 'recordedAt'>;
  idempotency?: { key: string; respond: (placed: PlacedEntry) => string };
}

interface EventPayload {
  row: Omit<EventRow, 'sequence' | 'recordedAt'>;
  idempotency?: { key: string; respond: (placed: PlacedEntry) => string };
}

const integrityOf = (placed: { sequence: number; hash: string; previousHash: string }): Integrity => ({
  sequence: placed.sequence,
  hash: placed.hash,
  previousHash: placed.previousHash,
});

/** Today's date in the Netherlands: the day the weighing is made (consent expiry is judged on it). */
export function amsterdamDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(at);
}

export class AssessmentService {
  constructor(
    private readonly trail: AuditTrail,
    private readonly assessments: AssessmentRepository,
    private readonly chain: AuditChainRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly pseudonymiser: Pseudonymiser,
  ) {
    trail.registerProjector<RecordPayload>(ASSESSMENT_RECORDED, async (tx, items) => {
      await assessments.insertMany(
        tx,
        items.map(({ placed, payload }) => ({
          ...payload.row,
          sequence: placed.sequence,
          recordedAt: placed.recordedAt,
        })),
      );
      await this.completeIdempotency(tx, items);
    });
    trail.registerProjector<EventPayload>(ASSESSMENT_EVENT, async (tx, items) => {
      await assessments.insertEvents(
        tx,
        items.map(({ placed, payload }) => ({
          ...payload.row,
          sequence: placed.sequence,
          recordedAt: placed.recordedAt,
        })),
      );
      await this.completeIdempotency(tx, items);
    });
  }

  private async completeIdempotency(
    tx: Parameters<Parameters<AuditTrail['registerProjector']>[1]>[0],
    items: Array<{
      placed: PlacedEntry;
      payload: { row: { tenantId: string }; idempotency?: RecordPayload['idempotency'] };
    }>,
  ): Promise<void> {
    for (const { placed, payload } of items) {
      if (payload.idempotency) {
        await this.idempotency.complete(
          tx,
          payload.row.tenantId,
          payload.idempotency.key,
          201,
          payload.idempotency.respond(placed),
        );
      }
    }
  }

  /** Evaluates without recording (dry run), e.g. for a UI walking the questions. */
  evaluateOnly(request: AssessmentRequest, language: Language, now = new Date()): AssessmentResult {
    return evaluate(request, { language, referenceDate: amsterdamDate(now) }, activeRuleset);
  }

  /**
   * Evaluates and records in one transaction; resolves only after the commit. With an
   * idempotency context the stored response is completed in the same transaction.
   */
  async record(
    principal: Principal,
    request: AssessmentRequest,
    language: Language,
    idempotency?: IdempotencyContext,
  ): Promise<{ response: RecordedAssessment; body: string }> {
    const result = evaluate(request, { language, referenceDate: amsterdamDate(new Date()) }, activeRuleset);
    const id = randomUUID();
    const refPseudonym = this.pseudonymiser.clientRef(principal.tenantId, request.client.ref);
    const { ref: _clear, ...client } = request.client;
    const stored: StoredRequest = { ...request, client: { ...client, refPseudonym } };
    const data: AssessmentRecordData = {
      assessmentId: id,
      request: stored,
      result,
      recordedBy: { apiKeyId: principal.apiKeyId },
      serviceVersion: SERVICE_VERSION,
    };
    const respond = (placed: PlacedEntry) =>
      JSON.stringify(this.present(id, placed, request.caseRef, result));
    const placed = await this.trail.append<RecordPayload>(principal.tenantId, {
      entryType: ASSESSMENT_RECORDED,
      entityId: id,
      // Round-trip through JSON so the hashed data is exactly what JSON can carry.
      data: JSON.parse(JSON.stringify(data)),
      payload: {
        row: {
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
        },
        ...(idempotency ? { idempotency: { key: idempotency.key, respond } } : {}),
      },
    });
    return { response: this.present(id, placed, request.caseRef, result), body: respond(placed) };
  }

  private present(
    id: string,
    placed: PlacedEntry,
    caseRef: string,
    result: AssessmentResult,
  ): RecordedAssessment {
    return {
      id,
      recordedAt: placed.recordedAt.toISOString(),
      caseRef,
      serviceVersion: SERVICE_VERSION,
      ...result,
      integrity: integrityOf(placed),
    };
  }

  async get(tenantId: string, id: string): Promise<AssessmentDetail> {
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
    return {
      id,
      recordedAt: entry.recordedAt.toISOString(),
      caseRef: data.request.caseRef,
      serviceVersion: data.serviceVersion,
      ...data.result,
      integrity: integrityOf(entry),
      request: data.request,
      recordedBy: data.recordedBy,
      events: events.flatMap((event) => {
        const eventEntry = bySequence.get(event.sequence);
        if (!eventEntry) return [];
        const eventData = (JSON.parse(eventEntry.content) as { data: EventRecordData }).data;
        return [this.presentEvent(eventData, eventEntry)];
      }),
    };
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
    return { items: page, nextCursor: rows.length > limit ? page[page.length - 1]!.sequence : null };
  }

  async addEvent(
    principal: Principal,
    assessmentId: string,
    input: EventInput,
    idempotency?: IdempotencyContext,
  ): Promise<{ response: RecordedEvent; body: string }> {
    const assessment = await this.assessments.findById(principal.tenantId, assessmentId);
    if (!assessment) throw new NotFoundError('assessment');
    const eventId = randomUUID();
    const data: EventRecordData = {
      ...input,
      eventId,
      assessmentId,
      recordedBy: { apiKeyId: principal.apiKeyId },
    };
    const clean = JSON.parse(JSON.stringify(data)) as EventRecordData;
    const respond = (placed: PlacedEntry) => JSON.stringify(this.presentEvent(clean, placed));
    const placed = await this.trail.append<EventPayload>(principal.tenantId, {
      entryType: ASSESSMENT_EVENT,
      entityId: eventId,
      data: clean,
      payload: {
        row: { id: eventId, tenantId: principal.tenantId, assessmentId, eventType: input.type },
        ...(idempotency ? { idempotency: { key: idempotency.key, respond } } : {}),
      },
    });
    return { response: this.presentEvent(clean, placed), body: respond(placed) };
  }

  /**
   * Re-evaluates a recorded request with the ruleset it was recorded with (found by hash), on the
   * same day and in the same language, and compares the result byte for byte with the recorded
   * one; also shows what the current ruleset would decide.
   */
  async replay(tenantId: string, id: string): Promise<ReplayReport> {
    const detail = await this.get(tenantId, id);
    const recorded = stripToResult(detail);
    const request: AssessmentRequest = {
      ...detail.request,
      client: { ...detailClient(detail.request), ref: detail.request.client.refPseudonym },
    };
    const options = { language: recorded.language, referenceDate: recorded.referenceDate };
    const original = getRuleset(recorded.rulesetHash);
    const replayed = original ? evaluate(request, options, original) : null;
    const current = evaluate(request, options, activeRuleset);
    const differences = replayed ? diffPaths(recorded, replayed) : [];
    return {
      assessmentId: id,
      recorded: {
        rulesetVersion: recorded.rulesetVersion,
        rulesetHash: recorded.rulesetHash,
        decision: recorded.decision,
        ground: recorded.ground,
      },
      rulesetAvailable: original !== undefined,
      identical: replayed !== null && canonicalJson(replayed) === canonicalJson(recorded),
      differences,
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

function detailClient(request: StoredRequest): Omit<AssessmentRequest['client'], 'ref'> {
  const { refPseudonym: _p, ...client } = request.client;
  return client;
}

/** The engine's result as recorded: the record without its own fields (keeps fields later engines add). */
function stripToResult(detail: AssessmentDetail): AssessmentResult {
  const {
    id: _id,
    recordedAt: _recordedAt,
    caseRef: _caseRef,
    serviceVersion: _serviceVersion,
    integrity: _integrity,
    request: _request,
    recordedBy: _recordedBy,
    events: _events,
    ...result
  } = detail;
  return result;
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
