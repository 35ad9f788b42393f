import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ReplayRecordError } from '../../../errors.js';
import { jsonUtf8 } from '../../../lib/json-bytes.js';
import { compactRecordedJson, compactResult, forReading } from '../../../services/assessments.js';
import { requirePrincipal } from '../../auth.js';
import { IdempotencyHeaders, ReplayMismatchError, respondIdempotently } from '../../idempotency.js';
import { LanguageHeaders, preferredLanguage } from '../../language.js';
import { applyReturnMinimal, PreferHeader } from '../../prefer.js';
import { HttpProblem, notFound } from '../../problem.js';
import {
  AssessmentDetail,
  AssessmentEvaluation,
  AssessmentEvaluationCompact,
  AssessmentList,
  AssessmentQuery,
  AssessmentRequestBody,
  EventBody,
  ListQuery,
  RecordedAssessment,
  RecordedAssessmentCompact,
  RecordedEventSchema,
  ReplayReportSchema,
  toAssessmentRequest,
  weighingStatementOf,
} from '../../schemas/assessment.js';
import { IdParams, parseInstant, Uuid } from '../../schemas/common.js';
import type { AppServices } from '../../services.js';
import { processingOf } from '../../trace-context.js';

const encodeCursor = (sequence: number) => Buffer.from(`s${sequence}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^s(\d{1,15})$/.exec(text);
  if (!match) {
    throw new HttpProblem(400, 'The request is invalid: query.cursor is not a cursor returned by this API.', {
      invalidParams: [
        { name: 'query.cursor', code: 'invalid_cursor', reason: 'is not a cursor returned by this API' },
      ],
    });
  }
  return Number(match[1]);
}

/** A replay whose chain entry does not confirm it: not replayed (see ../../idempotency.ts). */
const asMismatch = (error: unknown): never => {
  if (error instanceof ReplayRecordError) throw new ReplayMismatchError(error.reason);
  throw error;
};

export const assessmentRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = async (
  app,
  { services },
) => {
  const { assessments, idempotency } = services;

  app.post(
    '/assessments',
    {
      config: { scope: 'assess', problems: [409, 422] },
      schema: {
        operationId: 'createAssessment',
        tags: ['Assessments'],
        summary: 'Weigh a sharing request and record the weighing',
        description:
          'Runs the rules engine on the request and records, in one transaction, the request (client reference ' +
          'pseudonymised), the complete result, the ruleset version and hash and who asked. Answers 201 only after ' +
          'the commit. With `?dryRun=true` the request is evaluated without recording it in the chain (200); like ' +
          'every processing of client data it is logged in the processing log (docs/ldv.md). The record is written ' +
          "in the body's `language`, else in your organisation's language (`GET /v1/organisation`, Dutch unless " +
          'set); `Accept-Language: en` (or `nl`) chooses only the language of this answer (`Content-Language`). ' +
          "Optional: the professional's `motivation` in their own words, and their name and registration " +
          '(`professional.displayName`, `professional.registration`), recorded with the weighing and shown in the ' +
          'dossier. Send an `Idempotency-Key` to make retries safe. With `consentId` the ' +
          'consent questions are answered from the consent registry as of the day of the weighing, the trace ' +
          'starts with whether that consent fits and why not, and the record keeps the consent and the hash of ' +
          'its chain entry; `consent.*` answers next to `consentId` are refused (422). Send ' +
          '`Prefer: return=minimal` for the compact form (without the per-rule trace); a replay with an ' +
          'Idempotency-Key is shaped the same way.',
        querystring: AssessmentQuery,
        headers: IdempotencyHeaders.extend(LanguageHeaders.shape).extend({ prefer: PreferHeader }),
        body: AssessmentRequestBody,
        response: {
          200: z.union([AssessmentEvaluation, AssessmentEvaluationCompact]),
          201: z.union([RecordedAssessment, RecordedAssessmentCompact]),
        },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const recordLanguage =
        request.body.language ?? (await services.organisations.language(principal.tenantId));
      const languages = { record: recordLanguage, response: preferredLanguage(request) ?? recordLanguage };
      reply.header('Content-Language', languages.response);
      const compact = applyReturnMinimal(request, reply);
      const body = toAssessmentRequest(request.body);
      const processing = processingOf(request);
      const { consentId } = request.body;
      if (request.query.dryRun) {
        const result = await assessments.explore(body, languages.response, processing, consentId);
        // Sent as serialised here, not re-validated against the response schema on the way out:
        // the engine's result has that shape by construction, and a property test shows that
        // the check would pass and change no value (test/unit/response-shapes.test.ts). Sent as
        // the UTF-8 bytes of JSON.stringify, built from remembered pieces (src/lib/json-bytes.ts).
        return (reply as FastifyReply)
          .code(200)
          .type('application/json; charset=utf-8')
          .send(jsonUtf8(compact ? compactResult(result) : result));
      }
      const statement = weighingStatementOf(request.body);
      return respondIdempotently(
        request,
        reply,
        idempotency,
        principal.tenantId,
        async (key) => {
          const recorded = await assessments.record(
            principal,
            body,
            statement,
            languages,
            key,
            processing,
            consentId,
            compact ? 'compact' : 'full',
          );
          const { id } = recorded.response;
          return {
            status: 201,
            body: recorded.body,
            location: `/v1/assessments/${id}`,
            record: { id, sequence: recorded.sequence },
          };
        },
        async (sequence) => {
          // A replay answers in the record's language: the answer is rebuilt from the chain entry.
          const replayed = await assessments
            .recordedAnswer(principal.tenantId, sequence, body, statement, consentId)
            .catch(asMismatch);
          return {
            status: 201,
            // Replayed in the form this request asks for (`Prefer: return=minimal`).
            body: compact ? compactRecordedJson(replayed.body) : replayed.body,
            location: `/v1/assessments/${replayed.id}`,
            language: replayed.language,
          };
        },
      );
    },
  );

  app.get(
    '/assessments',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listAssessments',
        tags: ['Assessments'],
        summary: 'Find recorded weighings',
        description:
          "Your organisation's weighings, newest first, filtered by case, client, recipient type, decision, ground " +
          'and recording time. Keyset pagination: pass `nextCursor` as `cursor` (default 25 per page, at most 100).',
        querystring: ListQuery,
        response: { 200: AssessmentList },
      },
    },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      const q = request.query;
      const recordedFrom = q.recordedFrom ? parseInstant(q.recordedFrom) : undefined;
      const recordedTo = q.recordedTo ? parseInstant(q.recordedTo) : undefined;
      if (recordedFrom && recordedTo && recordedFrom.getTime() >= recordedTo.getTime()) {
        throw new HttpProblem(
          400,
          'The request is invalid: query.recordedFrom must be before query.recordedTo.',
          {
            invalidParams: [
              { name: 'query.recordedFrom', code: 'invalid_range', reason: 'must be before recordedTo' },
            ],
          },
        );
      }
      const page = await assessments.list(
        tenantId,
        {
          caseRef: q.caseRef,
          clientRef: q.clientRef,
          recipientType: q.recipientType,
          decision: q.decision,
          ground: q.ground,
          ...(recordedFrom ? { recordedFrom } : {}),
          ...(recordedTo ? { recordedTo } : {}),
          ...(q.cursor ? { beforeSequence: decodeCursor(q.cursor) } : {}),
        },
        q.limit,
        processingOf(request),
      );
      return {
        items: page.items.map((row) => ({
          id: row.id,
          recordedAt: row.recordedAt.toISOString(),
          caseRef: row.caseRef,
          professionalRef: row.professionalRef,
          recipientType: row.recipientType as never,
          purposeType: row.purposeType as never,
          decision: row.decision as never,
          ground: row.ground as never,
          sharedCategories: row.sharedCategories as never,
          withheldCategories: row.withheldCategories as never,
          rulesetVersion: row.rulesetVersion,
          integrity: { sequence: row.sequence, hash: row.hash, previousHash: row.previousHash },
        })),
        nextCursor: page.nextCursor === null ? null : encodeCursor(page.nextCursor),
      };
    },
  );

  app.get(
    '/assessments/:id',
    {
      config: { scope: 'read', problems: [404] },
      schema: {
        operationId: 'getAssessment',
        tags: ['Assessments'],
        summary: 'One recorded weighing, with its follow-up events',
        description:
          'As recorded, in the language it was recorded in, with readable citations (also for weighings recorded ' +
          "under 2026.11.1, see `citationsAddedOnReading`). Another organisation's id answers 404.",
        params: IdParams,
        response: { 200: AssessmentDetail },
      },
    },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      return forReading(await assessments.read(tenantId, request.params.id, processingOf(request)));
    },
  );

  app.post(
    '/assessments/:id/events',
    {
      config: { scope: 'assess', problems: [404, 409, 422] },
      schema: {
        operationId: 'createAssessmentEvent',
        tags: ['Assessments'],
        summary: 'Record a follow-up of a weighing',
        description:
          'Appends what happened next: information shared, client informed, colleague consulted, shared despite ' +
          "advice, not shared, or a note, optionally with the professional's `motivation`. Records are never " +
          'changed; a correction is a new event. Follow-ups must agree with the weighing: `information_shared` ' +
          'names only categories the weighing said to share, after a weighing that allowed or required sharing; ' +
          'sharing anything else is recorded as `shared_despite_advice` with a motivation. Otherwise 422, naming ' +
          'the categories.',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: EventBody,
        response: { 201: RecordedEventSchema },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      return respondIdempotently(
        request,
        reply,
        idempotency,
        principal.tenantId,
        async (key) => {
          const added = await assessments.addEvent(
            principal,
            request.params.id,
            request.body,
            key,
            processingOf(request),
          );
          return {
            status: 201,
            body: added.body,
            location: `/v1/assessments/${request.params.id}/events/${added.response.id}`,
            record: { id: added.response.id, sequence: added.sequence },
          };
        },
        async (sequence) => {
          const replayed = await assessments
            .recordedEventAnswer(principal.tenantId, sequence, request.params.id, request.body)
            .catch(asMismatch);
          return {
            status: 201,
            body: replayed.body,
            location: `/v1/assessments/${request.params.id}/events/${replayed.id}`,
          };
        },
      );
    },
  );

  app.post(
    '/assessments/:id/replay',
    {
      config: { scope: 'audit', problems: [404] },
      schema: {
        operationId: 'replayAssessment',
        tags: ['Audit'],
        summary: 'Re-evaluate a recorded weighing',
        description:
          'Evaluates the recorded request again with the ruleset version it was recorded with (loaded by its hash), ' +
          'on the same reference date and in the same language, and reports whether the result is byte-identical to ' +
          'the recorded one. Also shows what the current ruleset would decide. Records nothing in the chain (the ' +
          'processing is logged in the processing log).',
        params: IdParams,
        response: { 200: ReplayReportSchema },
      },
    },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      return assessments.replay(tenantId, request.params.id, processingOf(request));
    },
  );

  app.get(
    '/assessments/:id/events/:eventId',
    {
      config: { scope: 'read', problems: [404] },
      schema: {
        operationId: 'getAssessmentEvent',
        tags: ['Assessments'],
        summary: 'One follow-up event of a weighing',
        description: 'As recorded. The Location of a recorded event points here.',
        params: z.object({ id: Uuid, eventId: Uuid }),
        response: { 200: RecordedEventSchema },
      },
    },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      // Reading an event reads the client's record: logged as a consultation like the whole record.
      const detail = await assessments.read(tenantId, request.params.id, processingOf(request));
      const event = detail.events.find((e) => e.id === request.params.eventId);
      if (!event) throw notFound('This event');
      return event;
    },
  );
};
