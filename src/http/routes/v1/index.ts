import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppServices } from '../../services.js';

export const v1Routes: FastifyPluginAsyncZod<{ services: AppServices }> = async (_app, _options) => {};
