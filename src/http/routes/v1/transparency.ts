/**
 * The transparency log's read side: the latest checkpoint, inclusion and consistency proofs
 * (RFC 9162 §2.1.3–§2.1.4, hashes in base64 in RFC order) and the published key history.
 *
 * Scope `audit` for the caller's own log. A case-view grantee (an organisation holding an active
 * access grant from another) may ask with `organisation=<granting organisation id>` and scope
 * `read` or `audit`: checkpoints, consistency proofs and the key history of that log (they reveal
 * no content), and inclusion proofs only of the weighings of the case references granted to it.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatHash } from '../../../audit/merkle.js';
import { requirePrincipal } from '../../auth.js';
import { HttpProblem } from '../../problem.js';
import { Uuid } from '../../schemas/common.js';
import { LogKeyHistorySchema } from '../../schemas/export.js';
import type { AppServices } from '../../services.js';

const Size = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Organisation = Uuid.optional().describe(
  "Another organisation's log, for a case-view grantee (its access grant decides what it may see).",
);
const Proof = z.array(z.string().length(44)).describe('Base64 SHA-256 hashes, in RFC 9162 order.');

export const transparencyRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = async (
  app,
  { services },
) => {
  const log = services.transparency;

  /** The log whose proofs are asked for, after checking the caller may see them. */
  const logOf = async (
    request: Parameters<typeof requirePrincipal>[0],
    organisation: string | undefined,
    leafIndex?: number,
  ): Promise<string> => {
    const principal = requirePrincipal(request);
    if (!organisation || organisation === principal.tenantId) {
      if (!principal.scopes.includes('audit')) {
        throw new HttpProblem(
          403,
          'This API key lacks the "audit" scope that proofs of your own log require.',
        );
      }
      return principal.tenantId;
    }
    const allowed =
      leafIndex === undefined
        ? await services.grantedLogs.hasActiveGrant(principal.tenantId, organisation)
        : await services.grantedLogs.grantsEntry(principal.tenantId, organisation, leafIndex + 1);
    if (!allowed) {
      throw new HttpProblem(
        403,
        leafIndex === undefined
          ? 'Your organisation holds no active access grant from that organisation.'
          : 'That entry is not a weighing of a case reference granted to your organisation.',
      );
    }
    return organisation;
  };

  app.get(
    '/audit/checkpoint',
    {
      config: { scope: ['audit', 'read'], problems: [403, 404] },
      schema: {
        tags: ['Audit'],
        summary: 'The latest signed checkpoint of the transparency log',
        operationId: 'getLatestCheckpoint',
        description:
          'A c2sp.org/tlog-checkpoint signed note (origin, tree size, base64 root hash), signed with the log key(s) ' +
          'and followed by the cosignatures witnesses returned (c2sp.org/tlog-cosignature). `text/plain`.',
        querystring: z.strictObject({ organisation: Organisation }),
        response: { 200: z.string().describe('The signed note.') },
      },
    },
    async (request, reply) => {
      const tenantId = await logOf(request, request.query.organisation);
      const note = await log.latestNote(tenantId);
      if (!note) throw new HttpProblem(404, 'No checkpoint has been signed for this log yet.');
      return reply.type('text/plain; charset=utf-8').header('Cache-Control', 'no-store').send(note);
    },
  );

  app.get(
    '/audit/proofs/inclusion',
    {
      config: { scope: ['audit', 'read'], problems: [400, 403] },
      schema: {
        tags: ['Audit'],
        summary: 'Inclusion proof of one entry (RFC 9162 §2.1.3)',
        operationId: 'getInclusionProof',
        description:
          'The audit path of leaf `leafIndex` (the entry with sequence leafIndex + 1) in the tree of `treeSize` ' +
          'leaves, leaf sibling first. Verify it against the root of a signed checkpoint of that size.',
        querystring: z.strictObject({ leafIndex: Size, treeSize: Size, organisation: Organisation }),
        response: {
          200: z
            .object({ leafIndex: z.number().int(), treeSize: z.number().int(), proof: Proof })
            .meta({ id: 'InclusionProof' }),
        },
      },
    },
    async (request) => {
      const { leafIndex, treeSize, organisation } = request.query;
      const tenantId = await logOf(request, organisation, leafIndex);
      const proof = await log.inclusion(tenantId, leafIndex, treeSize);
      return { leafIndex, treeSize, proof: proof.map(formatHash) };
    },
  );

  app.get(
    '/audit/proofs/consistency',
    {
      config: { scope: ['audit', 'read'], problems: [400, 403] },
      schema: {
        tags: ['Audit'],
        summary: 'Consistency proof between two tree sizes (RFC 9162 §2.1.4)',
        operationId: 'getConsistencyProof',
        description:
          'Proves that the tree of `to` leaves extends the tree of `from` leaves: that nothing an earlier ' +
          'checkpoint covered was changed or removed. Empty when from is 0 or equals to.',
        querystring: z.strictObject({ from: Size, to: Size, organisation: Organisation }),
        response: {
          200: z
            .object({ from: z.number().int(), to: z.number().int(), proof: Proof })
            .meta({ id: 'ConsistencyProof' }),
        },
      },
    },
    async (request) => {
      const { from, to, organisation } = request.query;
      const tenantId = await logOf(request, organisation);
      const proof = await log.consistency(tenantId, from, to);
      return { from, to, proof: proof.map(formatHash) };
    },
  );

  app.get(
    '/audit/keys',
    {
      config: { scope: ['audit', 'read'], problems: [403] },
      schema: {
        tags: ['Audit'],
        summary: "The log's signing keys over time, its witnesses and TSA",
        operationId: 'getLogKeyHistory',
        description:
          'Every signing key of this log with its validity period (current, next during a rotation, retired), as ' +
          'vkey (c2sp.org/signed-note) and PEM; the witnesses whose cosignatures dossiers carry and the threshold ' +
          'required; the trusted TSA certificate. This is the keys file scripts/verify-export.mjs reads. Compare it ' +
          'with what the operator publishes out of band: an answer of the system under examination proves nothing ' +
          'on its own.',
        querystring: z.strictObject({ organisation: Organisation }),
        response: { 200: LogKeyHistorySchema },
      },
    },
    async (request) => {
      const tenantId = await logOf(request, request.query.organisation);
      return services.keyHistory(tenantId);
    },
  );
};
