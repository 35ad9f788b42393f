import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppServices } from '../../services.js';
import { apiKeyRoutes } from './api-keys.js';
import { auditRoutes } from './audit.js';

export const v1Routes: FastifyPluginAsyncZod<{ services: AppServices }> = async (app, options) => {
  await app.register(apiKeyRoutes, options);
  await app.register(auditRoutes, options);
};
