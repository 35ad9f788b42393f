import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppServices } from '../../services.js';
import { accessGrantRoutes } from './access-grants.js';
import { apiKeyRoutes } from './api-keys.js';
import { assessmentRoutes } from './assessments.js';
import { auditRoutes } from './audit.js';
import { consentRoutes } from './consents.js';
import { exportRoutes } from './exports.js';
import { processingLogRoutes } from './processing-logs.js';
import { questionnaireRoutes } from './questionnaire.js';
import { transparencyRoutes } from './transparency.js';

export const v1Routes: FastifyPluginAsyncZod<{ services: AppServices }> = async (app, options) => {
  await app.register(assessmentRoutes, options);
  await app.register(apiKeyRoutes, options);
  await app.register(questionnaireRoutes, options);
  await app.register(auditRoutes, options);
  await app.register(exportRoutes, options);
  await app.register(accessGrantRoutes, options);
  await app.register(processingLogRoutes, options);
  await app.register(transparencyRoutes, options);
  await app.register(consentRoutes, options);
};
