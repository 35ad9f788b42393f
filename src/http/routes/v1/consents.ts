import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { toFhirBundle, toFhirConsent } from '../../../export/fhir-consent.js';
import type { ConsentView } from '../../../services/consent-view.js';
import { requirePrincipal } from '../../auth.js';
import { IdempotencyHeaders, respondIdempotently } from '../../idempotency.js';
import { LanguageHeaders, negotiateLanguage } from '../../language.js';
import { negotiateMediaType } from '../../negotiation.js';
import { HttpProblem } from '../../problem.js';
import { IdParams } from '../../schemas/common.js';
import {
  ConsentList,
  ConsentListQuery,
  ConsentQuery,
  ConsentRequestBody,
  ConsentSchema,
  FhirResource,
  WithdrawalBody,
} from '../../schemas/consent.js';
import type { AppServices } from '../../services.js';
import { processingOf } from '../../trace-context.js';

const FHIR_JSON = 'application/fhir+json';

const MEDIA_TYPES = ['application/json', FHIR_JSON] as const;

/**
 * FHIR when asked for by `format=fhir`, or by an Accept header that prefers application/fhir+json
 * (RFC 9110 negotiation; plain JSON wins ties); 406 when Accept refuses both.
 */
export function wantsFhir(request: FastifyRequest, format: 'json' | 'fhir' | undefined): boolean {
  if (format) return format === 'fhir';
  const media = negotiateMediaType(request, MEDIA_TYPES);
  if (media === undefined) {
    throw new HttpProblem(406, 'Consents are available as application/json or application/fhir+json only.');
  }
  return media === FHIR_JSON;
}

const encodeCursor = (sequence: number) => Buffer.from(`k${sequence}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const match = /^k(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new HttpProblem(400, 'The request is invalid: query.cursor is not a cursor returned by this API.', {
      invalidParams: [
        { name: 'query.cursor', code: 'invalid_cursor', reason: 'is not a cursor returned by this API' },
      ],
    });
  }
  return Number(match[1]);
}

const sendJson = (reply: FastifyReply, body: unknown) =>
  reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
const sendFhir = (reply: FastifyReply, body: unknown) =>
  reply.type(`${FHIR_JSON}; charset=utf-8`).send(JSON.stringify(body));

const json = { 'application/json': { schema: ConsentSchema }, [FHIR_JSON]: { schema: FhirResource } };

export const consentRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = async (app, { services }) => {
  const { consents, idempotency } = services;

  const fhirContext = async (tenantId: string) => {
    const organisation = await services.organisations.findById(tenantId);
    return { tenantId, organisationName: organisation?.name ?? tenantId, form: 'full' as const };
  };

  app.post(
    '/consents',
    {
      config: { scope: 'assess', problems: [409, 422] },
      schema: {
        operationId: 'createConsent',
        tags: ['Consents'],
        summary: 'Register a consent',
        description:
          'Registers what the client (or the representative) consented to: to whom, for which purposes, which ' +
          'information, in which form and for how long. The registration is an entry in your integrity chain and ' +
          'is never changed; a withdrawal is another entry. The client reference is stored only as a keyed ' +
          'pseudonym and the evidence only as a reference. A consent the wrong person gave (a child under 12 ' +
          'itself, an incapable client itself, a representative for a capable client of 12 or older) or with a ' +
          'term beyond CONSENT_MAX_TERM_DAYS is refused with 422. Weighings then reference it by `consentId`.',
        headers: IdempotencyHeaders.extend(LanguageHeaders.shape),
        body: ConsentRequestBody,
        response: { 201: ConsentSchema },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const language = negotiateLanguage(request);
      reply.header('Content-Language', language);
      return respondIdempotently(
        request,
        reply,
        idempotency,
        principal.tenantId,
        async (key) => {
          const created = await consents.create(
            principal,
            request.body,
            language,
            key,
            processingOf(request),
          );
          return { status: 201, body: created.body, location: `/v1/consents/${created.response.id}` };
        },
        async (sequence) => {
          const replayed = await consents.recordedAnswer(
            principal.tenantId,
            sequence,
            request.body,
            language,
          );
          return { status: 201, body: replayed.body, location: `/v1/consents/${replayed.id}` };
        },
      );
    },
  );

  app.get(
    '/consents',
    {
      config: { scope: 'read', problems: [406] },
      schema: {
        operationId: 'listConsents',
        tags: ['Consents'],
        summary: 'Find registered consents',
        description:
          "Your organisation's consents, newest first, by client (through its pseudonym), status on today's date " +
          '(`active`, `not_yet_valid`, `expired`, `withdrawn`) and recipient type. Keyset pagination: pass ' +
          '`nextCursor` as `cursor`. With `format=fhir` or `Accept: application/fhir+json` a FHIR R5 searchset ' +
          'Bundle of Consent resources (docs/fhir-consent.md).',
        querystring: ConsentListQuery,
        headers: LanguageHeaders,
        response: {
          200: {
            description: 'The consents.',
            content: { 'application/json': { schema: ConsentList }, [FHIR_JSON]: { schema: FhirResource } },
          },
        },
      },
    },
    async (request, reply) => {
      const { tenantId } = requirePrincipal(request);
      const q = request.query;
      const language = negotiateLanguage(request);
      reply.header('Content-Language', language);
      const page = await consents.list(
        tenantId,
        {
          clientRef: q.clientRef,
          status: q.status,
          recipientType: q.recipientType,
          ...(q.cursor ? { beforeSequence: decodeCursor(q.cursor) } : {}),
        },
        q.limit,
        language,
        processingOf(request),
      );
      const nextCursor = page.nextCursor === null ? null : encodeCursor(page.nextCursor);
      reply.header('Vary', 'Accept');
      if (wantsFhir(request, q.format)) {
        return sendFhir(reply, toFhirBundle(page.items, await fhirContext(tenantId), nextCursor));
      }
      return sendJson(reply, { items: page.items, nextCursor });
    },
  );

  app.get(
    '/consents/:id',
    {
      config: { scope: 'read', problems: [404, 406] },
      schema: {
        operationId: 'getConsent',
        tags: ['Consents'],
        summary: 'One registered consent',
        description:
          'As registered, with its withdrawal if any, its status today and its chain entry. Another ' +
          "organisation's id answers 404. With `format=fhir` or `Accept: application/fhir+json` a FHIR R5 Consent " +
          '(docs/fhir-consent.md).',
        params: IdParams,
        querystring: ConsentQuery,
        headers: LanguageHeaders,
        response: { 200: { description: 'The consent.', content: json } },
      },
    },
    async (request, reply) => {
      const { tenantId } = requirePrincipal(request);
      const language = negotiateLanguage(request);
      reply.header('Content-Language', language);
      const consent: ConsentView = await consents.read(
        tenantId,
        request.params.id,
        language,
        processingOf(request),
      );
      reply.header('Vary', 'Accept');
      if (wantsFhir(request, request.query.format)) {
        return sendFhir(reply, toFhirConsent(consent, await fhirContext(tenantId)));
      }
      return sendJson(reply, consent);
    },
  );

  app.post(
    '/consents/:id/withdrawal',
    {
      config: { scope: 'assess', problems: [404, 409, 422] },
      schema: {
        operationId: 'withdrawConsent',
        tags: ['Consents'],
        summary: 'Record that a consent was withdrawn',
        description:
          'Who withdrew it, when (now, unless an earlier time is given) and an optional note. The withdrawal is an ' +
          'entry in your integrity chain; from then on weighings that reference the consent find it withdrawn. ' +
          'The consent itself is never changed or deleted. A second withdrawal answers 409.',
        params: IdParams,
        headers: IdempotencyHeaders.extend(LanguageHeaders.shape),
        body: WithdrawalBody,
        response: { 201: ConsentSchema },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const language = negotiateLanguage(request);
      reply.header('Content-Language', language);
      return respondIdempotently(
        request,
        reply,
        idempotency,
        principal.tenantId,
        async (key) => {
          const withdrawn = await consents.withdraw(
            principal,
            request.params.id,
            request.body,
            language,
            key,
            processingOf(request),
          );
          return { status: 201, body: withdrawn.body, location: `/v1/consents/${request.params.id}` };
        },
        async (sequence) => {
          const replayed = await consents.recordedWithdrawalAnswer(
            principal.tenantId,
            sequence,
            request.params.id,
            request.body,
            language,
          );
          return { status: 201, body: replayed.body, location: `/v1/consents/${request.params.id}` };
        },
      );
    },
  );
};
