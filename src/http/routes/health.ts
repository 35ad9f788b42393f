import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpProblem } from '../problem.js';
import type { Readiness } from '../services.js';

const Live = z.object({ status: z.literal('up') }).meta({ id: 'Liveness' });
const Ready = z
  .object({
    status: z.literal('ready'),
    database: z.literal('up'),
    migrations: z.literal('current'),
  })
  .meta({ id: 'Readiness' });

export const healthRoutes: FastifyPluginAsyncZod<{ readiness: Readiness }> = async (app, { readiness }) => {
  app.get(
    '/health/live',
    {
      schema: {
        operationId: 'getLiveness',
        tags: ['Health'],
        summary: 'Liveness: the process is up',
        description: 'Answers 200 while the process runs; it does not touch the database.',
        response: { 200: Live },
      },
    },
    async () => ({ status: 'up' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: { problems: [503] },
      schema: {
        operationId: 'getReadiness',
        tags: ['Health'],
        summary: 'Readiness: the database is reachable and its schema is current',
        description:
          'Answers 200 when the database answers and every migration this build ships has been applied; ' +
          '503 problem+json otherwise.',
        response: { 200: Ready },
      },
    },
    async () => {
      const report = await readiness.check();
      if (report.database === 'down') {
        throw new HttpProblem(503, 'The database is not reachable.', { headers: { 'Retry-After': '5' } });
      }
      if (!report.ready) {
        throw new HttpProblem(
          503,
          `The database schema is not current: ${report.pendingMigrations?.length ?? 'some'} migration(s) pending. Run npm run db:migrate.`,
          { headers: { 'Retry-After': '30' } },
        );
      }
      return { status: 'ready' as const, database: 'up' as const, migrations: 'current' as const };
    },
  );
};
