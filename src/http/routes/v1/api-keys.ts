import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SCOPES } from '../../../auth/principal.js';
import { type ApiKeyView, MAX_KEY_LIFETIME_DAYS } from '../../../services/api-keys.js';
import { requirePrincipal } from '../../auth.js';
import { notFound } from '../../problem.js';
import { IdParams, Timestamp } from '../../schemas/common.js';
import { storableText, withTextGuard } from '../../schemas/text.js';
import type { AppServices } from '../../services.js';

const Scope = z.enum(SCOPES).meta({
  id: 'Scope',
  description:
    'What a key may do: assess (weigh and record), read (records), audit (verify, replay, export), admin (manage keys).',
});

const CallerSystem = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .describe(
    'The calling application this key belongs to, as an http(s) URL naming it. Processing-log records of ' +
      'requests that carry a traceparent name it as dpl.core.foreign_operation.processor (docs/ldv.md).',
  );
/** As sent: stored in the chain and in processing-log records, so no BSN or control characters. */
const CallerSystemInput = withTextGuard(CallerSystem, 'reference');

const ApiKey = z
  .object({
    id: z.uuid(),
    keyId: z.string().describe('Public handle of the key (part of the key itself); safe to show and log.'),
    name: z.string(),
    scopes: z.array(Scope),
    isBootstrap: z.boolean(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    expiresAt: z.string().nullable().describe('When the key stops working; null: it does not expire.'),
    lastUsedAt: z
      .string()
      .nullable()
      .describe('Last use, at one-minute resolution (written within half a minute of the use).'),
    callerSystem: CallerSystem.nullable(),
  })
  .meta({ id: 'ApiKey' });

const CreatedApiKey = ApiKey.extend({
  key: z
    .string()
    .describe('The whole key. Shown only in this response: store it now; only its hash is kept.'),
}).meta({ id: 'CreatedApiKey' });

const CreateApiKey = z
  .strictObject({
    name: storableText('name', { trim: true, min: 1, max: 200 }).describe(
      'What the key is for, e.g. the calling system.',
    ),
    scopes: z.array(Scope).min(1).max(SCOPES.length),
    callerSystem: CallerSystemInput.optional(),
    expiresAt: Timestamp.optional().describe(
      `When the key stops working (then 401 saying it expired): at least a minute and at most ${MAX_KEY_LIFETIME_DAYS} days ahead. Omitted: it works until revoked.`,
    ),
  })
  .meta({ id: 'CreateApiKey' });

const ApiKeyList = z.object({ items: z.array(ApiKey) }).meta({ id: 'ApiKeyList' });

const present = (k: ApiKeyView) => ({
  id: k.id,
  keyId: k.keyId,
  name: k.name,
  scopes: k.scopes,
  isBootstrap: k.isBootstrap,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
  expiresAt: k.expiresAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  callerSystem: k.callerSystem ?? null,
});

export const apiKeyRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = async (app, { services }) => {
  app.get(
    '/api-keys',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'listApiKeys',
        tags: ['API keys'],
        summary: 'List the API keys of your organisation',
        description: 'Secrets are never shown; revoked keys stay listed with their revocation time.',
        response: { 200: ApiKeyList },
      },
    },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      return { items: (await services.apiKeys.list(tenantId)).map(present) };
    },
  );

  app.post(
    '/api-keys',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'createApiKey',
        tags: ['API keys'],
        summary: 'Create an API key for your organisation',
        description:
          "The creation is recorded in your organisation's integrity chain. The key is shown once.",
        body: CreateApiKey,
        response: { 201: CreatedApiKey },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { name, scopes, callerSystem, expiresAt } = request.body;
      const created = await services.apiKeys.create(
        principal.tenantId,
        { name, scopes, callerSystem, expiresAt: expiresAt ? new Date(expiresAt) : undefined },
        { apiKeyId: principal.apiKeyId },
      );
      return reply
        .code(201)
        .header('Location', `/v1/api-keys/${created.id}`)
        .send({ ...present(created), key: created.key });
    },
  );

  app.get(
    '/api-keys/:id',
    {
      config: { scope: 'admin', problems: [404] },
      schema: {
        operationId: 'getApiKey',
        tags: ['API keys'],
        summary: 'One API key of your organisation',
        description: 'The secret is never shown. A key of another organisation answers 404.',
        params: IdParams,
        response: { 200: ApiKey },
      },
    },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      const key = (await services.apiKeys.list(tenantId)).find((k) => k.id === request.params.id);
      if (!key) throw notFound('This API key');
      return present(key);
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      config: { scope: 'admin', problems: [404, 409] },
      schema: {
        operationId: 'revokeApiKey',
        tags: ['API keys'],
        summary: 'Revoke an API key',
        description:
          'Revocation takes effect at once on this instance and within a second on every other instance of the ' +
          'service. The key row is kept (with its revocation time) and the revocation is recorded in the integrity ' +
          'chain. The bootstrap key (AUTH_BOOTSTRAP_KEY) cannot be revoked here (409): change that variable to ' +
          'rotate it.',
        params: IdParams,
        response: { 200: ApiKey },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      // The bootstrap key: BootstrapKeyError, a 409 (plugins/error-handler.ts).
      const revoked = await services.apiKeys.revoke(principal.tenantId, request.params.id, {
        apiKeyId: principal.apiKeyId,
      });
      if (!revoked) throw notFound('This API key');
      return present(revoked);
    },
  );
};
