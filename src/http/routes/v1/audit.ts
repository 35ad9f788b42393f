import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { VerificationCapacityError } from '../../../services/verification-runner.js';
import { requirePrincipal } from '../../auth.js';
import { HttpProblem } from '../../problem.js';
import type { AppServices } from '../../services.js';

export const VerificationReport = z
  .object({
    scope: z
      .enum(['full', 'incremental'])
      .describe('This endpoint always verifies in full, from the first entry.'),
    fullVerificationAt: z.string().describe('When the chain was verified from its first entry (this run).'),
    intact: z.boolean().describe('True when every entry checked out.'),
    recordsChecked: z
      .number()
      .int()
      .describe('Entries verified before the first broken link (all of them when intact).'),
    headSequence: z.number().int().describe('Sequence number of the last entry reached.'),
    headHash: z.string().nullable().describe('Hash of the last entry reached; null for an empty chain.'),
    firstBrokenLink: z
      .object({ sequence: z.number().int(), reason: z.string() })
      .nullable()
      .describe('The first entry that fails verification, and why.'),
    checks: z
      .array(z.object({ name: z.string(), checked: z.number().int() }))
      .describe(
        'Further checks run over the chain and how many items each covered: `signed_checkpoints` checks every ' +
          'checkpoint the service signed (its signature, and each entry hash it names against the chain); ' +
          '`api_key_rows` and `access_grant_rows` check every API key and access grant row of the organisation ' +
          'against the chain entries that created and revoked it.',
      ),
    verifiedAt: z.string(),
    durationMs: z.number().int(),
  })
  .meta({ id: 'VerificationReport' });

export const auditRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = async (app, { services }) => {
  app.get(
    '/audit/verify',
    {
      config: { scope: 'audit', problems: [503] },
      schema: {
        operationId: 'verifyAuditChain',
        tags: ['Audit'],
        summary: "Verify your organisation's integrity chain",
        description:
          'Recomputes the whole chain from the first entry: sequence numbers without gaps, each entry naming ' +
          "its predecessor's hash, each hash matching the canonical JSON content, and the index tables agreeing " +
          'with the entries. Reports the first broken link. One verification per organisation runs at a time: ' +
          'asked while one runs, you get its report (up to the head it names). The service runs a few at once ' +
          '(VERIFY_MAX_CONCURRENT); beyond that it answers 503 with Retry-After. A verification whose clients ' +
          'have all disconnected is stopped.',
        response: { 200: VerificationReport },
      },
    },
    async (request, reply) => {
      const { tenantId } = requirePrincipal(request);
      // The client's connection: when it closes before the answer is written, the client has left.
      const client = new AbortController();
      const left = () => {
        if (!reply.raw.writableFinished) client.abort(new Error('the client disconnected'));
      };
      reply.raw.once('close', left);
      try {
        const { tenantId: _omit, ...report } = await services.verification.verify(tenantId, client.signal);
        return report;
      } catch (error) {
        if (error instanceof VerificationCapacityError) {
          throw new HttpProblem(
            503,
            `Too many verifications are running. Retry after ${error.retryAfterSeconds} seconds.`,
            { headers: { 'Retry-After': String(error.retryAfterSeconds) } },
          );
        }
        // Nobody reads this answer (and Fastify logs no completion for it): say so here.
        if (client.signal.aborted) {
          request.log.info(
            { tenantId },
            'verification request ended: the client disconnected (the run stops when no client waits for it)',
          );
          throw new HttpProblem(499, 'The client disconnected; the verification was stopped.');
        }
        throw error;
      } finally {
        reply.raw.off('close', left);
      }
    },
  );
};
