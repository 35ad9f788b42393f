/**
 * The consent registry: register a consent once, withdraw it, read it, and give weighings the
 * consent as it stood when they were made.
 *
 * A consent is registered as a `consent.recorded` entry in the organisation's integrity chain and
 * never changed; a withdrawal is a `consent.withdrawn` entry. Each entry is written with the index
 * row that makes it findable (and, with an Idempotency-Key, the stored response) in one
 * transaction by the audit trail. Minimum data: the client reference only as its keyed pseudonym,
 * the evidence only as a reference to it.
 */
import { randomUUID } from 'node:crypto';
import type { Pseudonymiser } from '../audit/pseudonym.js';
import type { Principal } from '../auth/principal.js';
import type { RegisteredConsent } from '../consent/index.js';
import { activeRuleset } from '../engine/index.js';
import type { AgeGroup, DecisionCapacity, Language } from '../engine/vocabulary.js';
import {
  ConsentAlreadyWithdrawnError,
  ConsentRequestError,
  NotFoundError,
  ReplayRecordError,
} from '../errors.js';
import type { LdvRecord } from '../ldv/record.js';
import { canonicalJson } from '../lib/canonical-json.js';
import type { AuditChainRepository, ChainRow } from '../repositories/audit-chain-repository.js';
import type {
  ConsentRepository,
  ConsentRow,
  ConsentStatusFilter,
  ConsentWithWithdrawal,
  WithdrawalRow,
} from '../repositories/consent-repository.js';
import type { IdempotencyRepository } from '../repositories/idempotency-repository.js';
import { SERVICE_VERSION } from '../version.js';
import { amsterdamDate, type IdempotencyContext, traceRef } from './assessments.js';
import type { AuditTrail, PlacedEntry } from './audit-trail.js';
import { consentIndex, withdrawalIndex } from './consent-index.js';
import {
  CONSENT_RECORDED,
  CONSENT_WITHDRAWN,
  type ConsentRecordData,
  type ConsentView,
  consentView,
  labelsOf,
  type Placed,
  registeredConsent,
  type WithdrawalRecordData,
  type WithdrawnBy,
} from './consent-view.js';
import { type Completion, completionStatements, confirmedEntry } from './idempotency.js';
import type { ProcessingContext, ProcessingLog } from './processing-log.js';

/** The longest term a consent may have by default (CONSENT_MAX_TERM_DAYS). */
export const DEFAULT_MAX_TERM_DAYS = 366;
/** A withdrawal may be dated this far ahead of the service's clock (clock skew of the caller). */
const FUTURE_SKEW_MS = 60_000;

/** What a case system sends to register a consent. */
export interface ConsentInput
  extends Omit<ConsentRecordData, 'consentId' | 'client' | 'recordedBy' | 'serviceVersion'> {
  client: { ref: string; ageGroup: AgeGroup; decisionCapacity: DecisionCapacity };
}

export interface WithdrawalInput {
  withdrawnBy: WithdrawnBy;
  /** RFC 3339; the time of registration when omitted. */
  withdrawnAt?: string | undefined;
  text?: string | undefined;
}

interface RecordPayload {
  row: Omit<ConsentRow, 'sequence' | 'recordedAt'>;
  idempotency?: Completion;
  /** The LDV records of this processing, committed with the entry (docs/ldv.md). */
  processing: LdvRecord[];
}
interface WithdrawalPayload {
  row: Omit<WithdrawalRow, 'sequence' | 'recordedAt'>;
  idempotency?: Completion;
  processing: LdvRecord[];
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

const isUniqueViolation = (error: unknown): boolean => {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
};

export class ConsentService {
  private readonly maxTermDays: number;

  constructor(
    private readonly trail: AuditTrail,
    private readonly consents: ConsentRepository,
    private readonly chain: AuditChainRepository,
    idempotency: IdempotencyRepository,
    private readonly pseudonymiser: Pseudonymiser,
    private readonly processingLog: ProcessingLog,
    options: { maxTermDays?: number } = {},
  ) {
    this.maxTermDays = options.maxTermDays ?? DEFAULT_MAX_TERM_DAYS;
    trail.registerProjector<RecordPayload>(CONSENT_RECORDED, (items) => [
      consents.insertStatement(
        items.map(({ placed, payload }) => ({
          ...payload.row,
          sequence: placed.sequence,
          recordedAt: placed.recordedAt,
        })),
      ),
      ...completionStatements(idempotency, items),
      ...processingLog.entryStatements(items),
    ]);
    trail.registerProjector<WithdrawalPayload>(CONSENT_WITHDRAWN, (items) => [
      consents.insertWithdrawalsStatement(
        items.map(({ placed, payload }) => ({
          ...payload.row,
          sequence: placed.sequence,
          recordedAt: placed.recordedAt,
        })),
      ),
      ...completionStatements(idempotency, items),
      ...processingLog.entryStatements(items),
    ]);
  }

  /** Registers a consent; resolves after the commit. */
  async create(
    principal: Principal,
    input: ConsentInput,
    language: Language,
    idempotency: IdempotencyContext | undefined,
    processing: ProcessingContext,
    now = new Date(),
  ): Promise<{ response: ConsentView; body: string }> {
    const day = amsterdamDate(now);
    this.check(input, day);
    const id = randomUUID();
    const refPseudonym = this.pseudonymiser.clientRef(principal.tenantId, input.client.ref);
    const { ref: _clear, ...client } = input.client;
    // Plain JSON: optional members that were not sent are left out, not undefined.
    const data = JSON.parse(
      JSON.stringify({
        ...input,
        consentId: id,
        client: { ...client, refPseudonym },
        recordedBy: { apiKeyId: principal.apiKeyId },
        serviceVersion: SERVICE_VERSION,
        traceContext: traceRef(processing),
      }),
    ) as ConsentRecordData;
    const row: RecordPayload['row'] = {
      id,
      tenantId: principal.tenantId,
      clientRefHash: refPseudonym,
      recipientType: data.recipient.type,
      purposes: data.purposes,
      categories: data.categories,
      grantor: data.grantor.type,
      form: data.form,
      validFrom: data.validFrom,
      validUntil: data.validUntil,
      apiKeyId: principal.apiKeyId,
    };
    const view = (placed: Placed) => this.view(data, placed, null, day, language);
    const placed = await this.trail.append<RecordPayload>(principal.tenantId, {
      entryType: CONSENT_RECORDED,
      entityId: id,
      data,
      index: consentIndex(row),
      payload: {
        row,
        ...(idempotency ? { idempotency: { key: idempotency.key } } : {}),
        processing: this.processingLog.records('toestemming-vastleggen', processing, [
          { dataSubjectId: refPseudonym },
        ]),
      },
    });
    const response = view(placed);
    return { response, body: JSON.stringify(response) };
  }

  /**
   * The answer a registration was given, rebuilt from its chain entry for an Idempotency-Key
   * replay (the completion only names the entry): the entry must record exactly this input. The
   * status is as on the day it was recorded; texts in `language`.
   */
  async recordedAnswer(
    tenantId: string,
    sequence: number,
    input: ConsentInput,
    language: Language,
  ): Promise<{ id: string; body: string }> {
    const entry = await confirmedEntry(this.chain, tenantId, sequence, CONSENT_RECORDED);
    const data = dataOf<ConsentRecordData>(entry);
    const { ref: _clear, ...client } = input.client;
    const asked = JSON.parse(
      JSON.stringify({
        ...input,
        consentId: data.consentId,
        client: { ...client, refPseudonym: this.pseudonymiser.clientRef(tenantId, input.client.ref) },
        recordedBy: data.recordedBy,
        serviceVersion: data.serviceVersion,
        traceContext: data.traceContext,
      }),
    ) as ConsentRecordData;
    if (canonicalJson(asked) !== canonicalJson(data)) {
      throw new ReplayRecordError('the entry it names records another consent');
    }
    const view = this.view(data, entry, null, amsterdamDate(entry.recordedAt), language);
    return { id: data.consentId, body: JSON.stringify(view) };
  }

  /** The answer a withdrawal was given, rebuilt from its chain entry (as recordedAnswer). */
  async recordedWithdrawalAnswer(
    tenantId: string,
    sequence: number,
    consentId: string,
    input: WithdrawalInput,
    language: Language,
  ): Promise<{ body: string }> {
    const entry = await confirmedEntry(this.chain, tenantId, sequence, CONSENT_WITHDRAWN);
    const data = dataOf<WithdrawalRecordData>(entry);
    const asked = JSON.parse(
      JSON.stringify({
        withdrawalId: data.withdrawalId,
        consentId,
        withdrawnAt: input.withdrawnAt ? new Date(input.withdrawnAt).toISOString() : data.withdrawnAt,
        withdrawnBy: input.withdrawnBy,
        text: input.text,
        recordedBy: data.recordedBy,
        traceContext: data.traceContext,
      }),
    ) as WithdrawalRecordData;
    if (canonicalJson(asked) !== canonicalJson(data)) {
      throw new ReplayRecordError('the entry it names records another withdrawal');
    }
    const row = await this.consents.findById(tenantId, consentId);
    if (!row) throw new ReplayRecordError('the consent it names is not registered');
    const consentEntry = await confirmedEntry(this.chain, tenantId, row.sequence, CONSENT_RECORDED);
    const view = this.view(
      dataOf<ConsentRecordData>(consentEntry),
      consentEntry,
      { data, placed: entry },
      amsterdamDate(entry.recordedAt),
      language,
    );
    return { body: JSON.stringify(view) };
  }

  /** The rules a consent must meet to be registered at all (who decides, its term). */
  private check(input: ConsentInput, day: string): void {
    const { validFrom, validUntil } = input;
    if (validUntil < validFrom) throw new ConsentRequestError('validUntil', 'must be on or after validFrom');
    if (validUntil < day) {
      throw new ConsentRequestError('validUntil', 'lies in the past: the consent would be expired already');
    }
    if (dayNumber(validUntil) - dayNumber(validFrom) > this.maxTermDays) {
      throw new ConsentRequestError(
        'validUntil',
        `must be at most ${this.maxTermDays} days after validFrom (the maximum term of a consent)`,
      );
    }
    if (dayNumber(validFrom) - dayNumber(day) > this.maxTermDays) {
      throw new ConsentRequestError('validFrom', `must be at most ${this.maxTermDays} days ahead`);
    }
    // Who decides at the time of consent (VGN-FAQ 2021): a consent the wrong person gave is no
    // consent on any day, so it is not registered.
    const { ageGroup, decisionCapacity } = input.client;
    if (input.grantor.type === 'client' && ageGroup === 'under_12') {
      throw new ConsentRequestError(
        'grantor.type',
        'a child under 12 does not consent itself: register the consent of the parent or guardian (representative)',
      );
    }
    if (input.grantor.type === 'client' && decisionCapacity === 'incapable') {
      throw new ConsentRequestError(
        'grantor.type',
        'a client incapable on the matter does not consent itself: register the consent of the representative',
      );
    }
    if (
      input.grantor.type === 'representative' &&
      ageGroup !== 'under_12' &&
      decisionCapacity === 'capable'
    ) {
      throw new ConsentRequestError(
        'grantor.type',
        'a capable client of 12 or older consents personally; a representative consents only for a child under 12 or an incapable client',
      );
    }
  }

  /** Records a withdrawal; from then on the consent no longer counts. Resolves after the commit. */
  async withdraw(
    principal: Principal,
    id: string,
    input: WithdrawalInput,
    language: Language,
    idempotency: IdempotencyContext | undefined,
    processing: ProcessingContext,
    now = new Date(),
  ): Promise<{ response: ConsentView; body: string }> {
    const row = await this.consents.findById(principal.tenantId, id);
    if (!row) throw new NotFoundError('consent');
    if (row.withdrawal) throw new ConsentAlreadyWithdrawnError();
    const withdrawnAt = input.withdrawnAt ? new Date(input.withdrawnAt) : now;
    if (withdrawnAt.getTime() > now.getTime() + FUTURE_SKEW_MS) {
      throw new ConsentRequestError('withdrawnAt', 'must not lie in the future');
    }
    if (now.getTime() - withdrawnAt.getTime() > this.maxTermDays * DAY_MS) {
      throw new ConsentRequestError('withdrawnAt', `must be at most ${this.maxTermDays} days ago`);
    }
    const [entry] = await this.chain.findManyBySequence(principal.tenantId, [row.sequence]);
    if (!entry) throw new NotFoundError('consent');
    const consent = dataOf<ConsentRecordData>(entry);
    const withdrawalId = randomUUID();
    const data = JSON.parse(
      JSON.stringify({
        withdrawalId,
        consentId: id,
        withdrawnAt: withdrawnAt.toISOString(),
        withdrawnBy: input.withdrawnBy,
        text: input.text,
        recordedBy: { apiKeyId: principal.apiKeyId },
        traceContext: traceRef(processing),
      }),
    ) as WithdrawalRecordData;
    const withdrawalRow: WithdrawalPayload['row'] = {
      id: withdrawalId,
      tenantId: principal.tenantId,
      consentId: id,
      withdrawnAt,
    };
    const day = amsterdamDate(now);
    const view = (placed: Placed) => this.view(consent, entry, { data, placed }, day, language);
    let placed: PlacedEntry;
    try {
      placed = await this.trail.append<WithdrawalPayload>(principal.tenantId, {
        entryType: CONSENT_WITHDRAWN,
        entityId: withdrawalId,
        data,
        index: withdrawalIndex(withdrawalRow),
        payload: {
          row: withdrawalRow,
          ...(idempotency ? { idempotency: { key: idempotency.key } } : {}),
          processing: this.processingLog.records('toestemming-intrekken', processing, [
            { dataSubjectId: row.clientRefHash },
          ]),
        },
      });
    } catch (error) {
      // Two withdrawals at once: the database keeps one (and neither's entry without its row).
      if (isUniqueViolation(error)) throw new ConsentAlreadyWithdrawnError();
      throw error;
    }
    const response = view(placed);
    return { response, body: JSON.stringify(response) };
  }

  /**
   * One consent read through the API: a processing of the client's data, logged (docs/ldv.md)
   * before the consent is returned.
   */
  async read(
    tenantId: string,
    id: string,
    language: Language,
    processing: ProcessingContext,
  ): Promise<ConsentView> {
    const view = await this.get(tenantId, id, language);
    await this.processingLog.write(
      this.processingLog.records('toestemming-raadplegen', processing, [
        { dataSubjectId: view.client.refPseudonym },
      ]),
    );
    return view;
  }

  async get(tenantId: string, id: string, language: Language, now = new Date()): Promise<ConsentView> {
    const row = await this.consents.findById(tenantId, id);
    if (!row) throw new NotFoundError('consent');
    const [view] = await this.views(tenantId, [row], amsterdamDate(now), language);
    if (!view) throw new NotFoundError('consent');
    return view;
  }

  async list(
    tenantId: string,
    filter: {
      clientRef?: string | undefined;
      status?: ConsentStatusFilter | undefined;
      recipientType?: string | undefined;
      beforeSequence?: number | undefined;
    },
    limit: number,
    language: Language,
    processing: ProcessingContext,
    now = new Date(),
  ): Promise<{ items: ConsentView[]; nextCursor: number | null }> {
    const day = amsterdamDate(now);
    const { clientRef, ...rest } = filter;
    const rows = await this.consents.list(
      tenantId,
      {
        ...rest,
        day,
        ...(clientRef !== undefined
          ? { clientRefHash: this.pseudonymiser.clientRef(tenantId, clientRef) }
          : {}),
      },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const items = await this.views(tenantId, page, day, language);
    // Each client on the page is a data subject of this listing (none when the page is empty).
    await this.processingLog.write(
      this.processingLog.records(
        'toestemmingen-zoeken',
        processing,
        items.map((c) => ({ dataSubjectId: c.client.refPseudonym })),
      ),
    );
    return { items, nextCursor: rows.length > limit ? page[page.length - 1]!.sequence : null };
  }

  /**
   * The consent as the registry holds it now, for a weighing: its terms, its chain entry, any
   * registered withdrawal, and the client pseudonym (the weighing must be about the same client).
   */
  async registered(
    tenantId: string,
    id: string,
  ): Promise<{ consent: RegisteredConsent; clientRefHash: string } | null> {
    const found = await this.entriesOf(tenantId, id);
    if (!found) return null;
    return {
      consent: registeredConsent(found.data, found.entry, found.withdrawal),
      clientRefHash: found.row.clientRefHash,
    };
  }

  /**
   * The consent with the exact chain entries that record it (creation, and withdrawal if any),
   * for a dossier: their contents hash to the hashes the weighing names.
   */
  async withEntries(
    tenantId: string,
    id: string,
    language: Language,
    now = new Date(),
  ): Promise<{ view: ConsentView; entries: ChainRow[] } | null> {
    const found = await this.entriesOf(tenantId, id);
    if (!found) return null;
    return {
      view: this.view(found.data, found.entry, found.withdrawal, amsterdamDate(now), language),
      entries: [found.entry, ...(found.withdrawal ? [found.withdrawal.placed] : [])],
    };
  }

  private async entriesOf(tenantId: string, id: string) {
    const row = await this.consents.findById(tenantId, id);
    if (!row) return null;
    const sequences = [row.sequence, ...(row.withdrawal ? [row.withdrawal.sequence] : [])];
    const entries = await this.chain.findManyBySequence(tenantId, sequences);
    const entry = entries.find((e) => e.sequence === row.sequence);
    if (!entry) return null;
    const withdrawalEntry = row.withdrawal
      ? entries.find((e) => e.sequence === row.withdrawal!.sequence)
      : undefined;
    return {
      row,
      entry,
      data: dataOf<ConsentRecordData>(entry),
      withdrawal: withdrawalEntry
        ? { data: dataOf<WithdrawalRecordData>(withdrawalEntry), placed: withdrawalEntry }
        : null,
    };
  }

  private async views(
    tenantId: string,
    rows: ConsentWithWithdrawal[],
    day: string,
    language: Language,
  ): Promise<ConsentView[]> {
    const sequences = rows.flatMap((r) => [r.sequence, ...(r.withdrawal ? [r.withdrawal.sequence] : [])]);
    const entries = new Map(
      (await this.chain.findManyBySequence(tenantId, sequences)).map((e) => [e.sequence, e]),
    );
    return rows.flatMap((row) => {
      const entry = entries.get(row.sequence);
      if (!entry) return [];
      const withdrawalEntry = row.withdrawal ? entries.get(row.withdrawal.sequence) : undefined;
      return [
        this.view(
          dataOf<ConsentRecordData>(entry),
          entry,
          withdrawalEntry
            ? { data: dataOf<WithdrawalRecordData>(withdrawalEntry), placed: withdrawalEntry }
            : null,
          day,
          language,
        ),
      ];
    });
  }

  private view(
    data: ConsentRecordData,
    placed: Placed,
    withdrawal: { data: WithdrawalRecordData; placed: Placed } | null,
    day: string,
    language: Language,
  ): ConsentView {
    return consentView(data, placed, withdrawal, {
      day,
      language,
      labels: labelsOf(activeRuleset, language),
    });
  }
}

function dataOf<T>(entry: ChainRow): T {
  return (JSON.parse(entry.content) as { data: T }).data;
}
