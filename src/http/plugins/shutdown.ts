/**
 * Graceful shutdown as the HTTP layer sees it: once `close()` has begun, requests still arriving
 * on open connections get a problem+json 503 with Retry-After and `Connection: close` (another
 * instance may answer), while requests already in flight finish. The process side (signals, the
 * order in which the pool and the database stop) is in src/server.ts and src/main.ts.
 */
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from '../problem.js';

export function installShutdownGate(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('Connection', 'close');
    throw new HttpProblem(
      503,
      'The service is shutting down. Retry in a moment (another instance may answer).',
      {
        headers: { 'Retry-After': '2' },
      },
    );
  });
}
