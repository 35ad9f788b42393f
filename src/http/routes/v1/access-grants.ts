import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SCOPES } from '../../../auth/principal.js';
import type { Language } from '../../../engine/vocabulary.js';
import type { AccessGrantView } from '../../../services/access-grants.js';
import { requirePrincipal } from '../../auth.js';
import { notFound } from '../../problem.js';
import { IdParams } from '../../schemas/common.js';
import {
  AccessGrantList,
  AccessGrantSchema,
  CaseAssessmentList,
  CaseParams,
  CreateAccessGrant,
  OrganisationSchema,
  OrganisationSettingsBody,
} from '../../schemas/export.js';
import type { AppServices } from '../../services.js';
import { processingOf } from '../../trace-context.js';

const present = (g: AccessGrantView) => ({
  id: g.id,
  grantingOrganisation: g.grantingOrganisation,
  granteeOrganisation: g.granteeOrganisation,
  caseRef: g.caseRef,
  expiresAt: g.expiresAt.toISOString(),
  createdAt: g.createdAt.toISOString(),
  revokedAt: g.revokedAt?.toISOString() ?? null,
  acceptedAt: g.acceptedAt?.toISOString() ?? null,
  status: g.status,
});

export const accessGrantRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = async (
  app,
  { services },
) => {
  const { accessGrants } = services;

  app.get(
    '/organisation',
    {
      config: { scope: SCOPES },
      schema: {
        operationId: 'getOwnOrganisation',
        tags: ['Case view'],
        summary: 'Your own organisation',
        description: 'Its id is what a partner needs to grant your organisation access to a case.',
        response: { 200: OrganisationSchema },
      },
    },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      const organisation = await services.organisations.findById(tenantId);
      if (!organisation) throw notFound('This organisation');
      return { id: organisation.id, name: organisation.name, language: organisation.language as Language };
    },
  );

  app.patch(
    '/organisation',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'updateOwnOrganisation',
        tags: ['Case view'],
        summary: "Change your organisation's settings",
        description:
          "`language`: the language your organisation's weighings are recorded in from now on (records already " +
          'made keep theirs), and the default language of its dossiers.',
        body: OrganisationSettingsBody,
        response: { 200: OrganisationSchema },
      },
    },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      const organisation = await services.organisations.setLanguage(tenantId, request.body.language);
      return { id: organisation.id, name: organisation.name, language: organisation.language as Language };
    },
  );

  app.post(
    '/access-grants',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'createAccessGrant',
        tags: ['Case view'],
        summary: 'Let another organisation see your weighings of one case',
        description:
          'Once the grantee (typically the tenant of a Veiligheidshuis) accepts it (`POST ' +
          '/v1/access-grants/{id}/accept`), it may see, through `GET /v1/cases/{caseRef}/assessments`, a reduced ' +
          'view of your weighings of this case reference until expiresAt or revocation: date, recipient type, ' +
          'purpose type, decision, ground and categories shared. Never the answers, free texts or dossier notes. ' +
          'The grant is recorded in your integrity chain; it is `pending` until accepted.',
        body: CreateAccessGrant,
        response: { 201: AccessGrantSchema },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { granteeOrganisationId, caseRef, expiresAt } = request.body;
      const created = await accessGrants.create(
        principal.tenantId,
        { granteeOrganisationId, caseRef, expiresAt: new Date(expiresAt) },
        { apiKeyId: principal.apiKeyId },
      );
      return reply.code(201).header('Location', `/v1/access-grants/${created.id}`).send(present(created));
    },
  );

  app.get(
    '/access-grants',
    {
      config: { scope: ['admin', 'read'] },
      schema: {
        operationId: 'listAccessGrants',
        tags: ['Case view'],
        summary: 'Grants your organisation gave and received',
        description: 'Expired and revoked grants stay listed with their status.',
        response: { 200: AccessGrantList },
      },
    },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      const grants = await accessGrants.list(tenantId);
      return {
        given: grants.filter((g) => g.grantingOrganisation.id === tenantId).map(present),
        received: grants.filter((g) => g.granteeOrganisation.id === tenantId).map(present),
      };
    },
  );

  app.get(
    '/access-grants/:id',
    {
      config: { scope: ['admin', 'read'], problems: [404] },
      schema: {
        operationId: 'getAccessGrant',
        tags: ['Case view'],
        summary: 'One grant your organisation gave or received',
        description: 'A grant between two other organisations answers 404.',
        params: IdParams,
        response: { 200: AccessGrantSchema },
      },
    },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      const grant = (await accessGrants.list(tenantId)).find((g) => g.id === request.params.id);
      if (!grant) throw notFound('This access grant');
      return present(grant);
    },
  );

  app.delete(
    '/access-grants/:id',
    {
      config: { scope: 'admin', problems: [404] },
      schema: {
        operationId: 'revokeAccessGrant',
        tags: ['Case view'],
        summary: 'Revoke a grant your organisation gave',
        description:
          'Takes effect at once. The grant stays listed with its revocation time; the revocation is recorded in ' +
          'your integrity chain. A grant another organisation gave answers 404.',
        params: IdParams,
        response: { 200: AccessGrantSchema },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const revoked = await accessGrants.revoke(principal.tenantId, request.params.id, {
        apiKeyId: principal.apiKeyId,
      });
      if (!revoked) throw notFound('This access grant');
      return present(revoked);
    },
  );

  app.post(
    '/access-grants/:id/accept',
    {
      config: { scope: 'admin', problems: [404, 409] },
      schema: {
        operationId: 'acceptAccessGrant',
        tags: ['Case view'],
        summary: 'Accept a grant your organisation received',
        description:
          "From the acceptance on, the granting organisation's weighings of the case show in your case view. A " +
          'grant nobody accepted shows nothing, so no organisation can push its records into your view unasked. ' +
          'The acceptance is recorded in your integrity chain. Accepting again answers the grant as it is; a ' +
          'revoked or expired grant answers 409; a grant your organisation did not receive, 404.',
        params: IdParams,
        response: { 200: AccessGrantSchema },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      // A revoked or expired grant: GrantStateError, a 409 (plugins/error-handler.ts).
      const accepted = await accessGrants.accept(principal.tenantId, request.params.id, {
        apiKeyId: principal.apiKeyId,
      });
      if (!accepted) throw notFound('This access grant');
      return present(accepted);
    },
  );

  app.get(
    '/cases/:caseRef/assessments',
    {
      config: { scope: 'read', problems: [404] },
      schema: {
        operationId: 'listCaseAssessments',
        tags: ['Case view'],
        summary: 'A case across the organisations that share it with you',
        description:
          'Your own weighings of this case reference and those of every organisation whose grant to you for it you ' +
          'accepted and is in force, oldest first, in the reduced view: organisation, date, recipient type, purpose type, ' +
          'decision, ground and categories shared. No answers, free texts or dossier notes. 404 when nothing is ' +
          'visible to you, whether or not the case exists elsewhere.',
        params: CaseParams,
        response: { 200: CaseAssessmentList },
      },
    },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      const view = await accessGrants.caseView(tenantId, request.params.caseRef, processingOf(request));
      if (!view) throw notFound('This case');
      return {
        caseRef: view.caseRef,
        truncated: view.truncated,
        items: view.items.map((item) => ({
          organisation: { id: item.tenantId, name: item.organisationName },
          ownRecord: item.ownRecord,
          recordedAt: item.recordedAt.toISOString(),
          recipientType: item.recipientType as never,
          purposeType: item.purposeType as never,
          decision: item.decision as never,
          ground: item.ground as never,
          sharedCategories: item.sharedCategories as never,
        })),
      };
    },
  );
};
