import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../../auth.js';
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
      config: { scope: 'audit' },
      schema: {
        operationId: 'verifyAuditChain',
        tags: ['Audit'],
        summary: "Verify your organisation's integrity chain",
        description:
          'Recomputes the whole chain from the first entry: sequence numbers without gaps, each entry naming ' +
          "its predecessor's hash, each hash matching the canonical JSON content, and the index tables agreeing " +
          'with the entries. Reports the first broken link.',
        response: { 200: VerificationReport },
      },
    },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      const { tenantId: _omit, ...report } = await services.verifier.verify(tenantId);
      return report;
    },
  );
};
