import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderDossierPdf } from '../../../export/dossier-pdf.js';
import { CONTENT_TYPES } from '../../../export/formats.js';
import { requirePrincipal } from '../../auth.js';
import { negotiateMediaType } from '../../negotiation.js';
import { HttpProblem } from '../../problem.js';
import { IdParams, parseInstant } from '../../schemas/common.js';
import { BulkExportQuery, DossierQuery, DossierSchema, PublicKeySchema } from '../../schemas/export.js';
import type { AppServices } from '../../services.js';
import { processingOf } from '../../trace-context.js';

const text = (description: string) => z.string().describe(description);

const DOSSIER_TYPES = ['application/json', 'application/pdf'] as const;

/** `2026-01-01T00:00:00+01:00` → `2026-01-01`: the day as written in a file name. */
const day = (value: string) => value.slice(0, 10);

export const exportRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = async (app, { services }) => {
  app.get(
    '/assessments/:id/export',
    {
      config: { scope: ['read', 'audit'], problems: [404, 406, 503] },
      schema: {
        operationId: 'exportAssessmentDossier',
        tags: ['Exports'],
        summary: 'The tuchtrecht dossier of one weighing (JSON or PDF)',
        description:
          'Everything needed to defend the weighing: the request (client reference pseudonymised), every ' +
          'question with the answer given and its sources, decision, ground, what was shared and withheld and ' +
          'why, obligations, the follow-up events, the ruleset version and hash, and the integrity proof. ' +
          'The JSON form (format 2) carries the exact hashed contents and the transparency-log evidence: the ' +
          'earliest signed checkpoint covering them with enough witness cosignatures, an RFC 9162 inclusion ' +
          'proof per entry (checked at export against the content, so the cost does not grow with the chain), ' +
          'the RFC 3161 timestamp where a TSA is configured, and a signed statement over the readable parts ' +
          'outside the chain. Anyone can check it offline (docs/verifying-a-dossier.md). 503 when no checkpoint ' +
          'meets the cosignature threshold yet (witnesses unreachable). `format=pdf`, or `Accept: application/pdf` ' +
          'without `format`, gives an A4 PDF/A-3b document with the JSON dossier embedded as an associated file, ' +
          "so the one file can be verified offline. Both are in the dossier's `language` (default: your " +
          "organisation's).",
        params: IdParams,
        querystring: DossierQuery,
        response: {
          200: {
            description: 'The dossier.',
            content: {
              'application/json': { schema: DossierSchema },
              'application/pdf': { schema: text('A4 PDF document (binary).') },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const { tenantId } = requirePrincipal(request);
      const format = request.query.format ?? formatFromAccept(negotiateMediaType(request, DOSSIER_TYPES));
      reply.header('Vary', 'Accept');
      const dossier = await services.dossiers.build(tenantId, request.params.id, processingOf(request), {
        language: request.query.language,
      });
      if (!dossier.transparency) {
        request.log.error(
          { tenantId, brokenAt: dossier.verification.firstBrokenLink?.sequence },
          'a dossier entry is not in the signed transparency log as stored; nothing signed',
        );
      }
      reply.header('Cache-Control', 'no-store');
      if (format === 'pdf') {
        return (
          reply
            .type('application/pdf')
            .header('Content-Disposition', `attachment; filename="dossier-${request.params.id}.pdf"`)
            // Bytes and streams are sent as they are; the schema types only the JSON form.
            .send((await renderDossierPdf(dossier)) as never)
        );
      }
      return reply
        .type('application/json; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="dossier-${request.params.id}.json"`)
        .send(JSON.stringify(dossier));
    },
  );

  app.get(
    '/audit/public-key',
    {
      config: { scope: ['read', 'audit'] },
      schema: {
        operationId: 'getSigningPublicKey',
        tags: ['Audit'],
        summary: 'The public key that verifies signed checkpoints',
        description:
          'Ed25519 public key (PEM, SPKI) of this service and its id (first 16 hex characters of SHA-256 over the ' +
          'DER encoding). Do not rely on this answer alone: compare the id with the one the operator publishes out ' +
          'of band (docs/verifying-a-dossier.md).',
        response: { 200: PublicKeySchema },
      },
    },
    async () => services.checkpoints.publicKey(),
  );

  app.get(
    '/exports/assessments',
    {
      config: { scope: 'audit' },
      schema: {
        operationId: 'exportAssessments',
        tags: ['Exports'],
        summary: "Stream your organisation's weighings over a time range",
        description:
          'One line or row per weighing recorded in [from, to), in chain order, streamed from a database cursor. ' +
          'Each holds the summary only (ids, time, case and professional reference, recipient and purpose type, ' +
          'decision, ground, categories shared and withheld, ruleset version and hash, chain position and hash): ' +
          'never the answers, free texts, dossier notes or the client (not even pseudonymised). `ndjson`: one JSON ' +
          'object per line; `csv`: RFC 4180 with a UTF-8 byte order mark (so Excel reads the accents right), every ' +
          'field quoted, formula-like cells prefixed with an apostrophe, `;`-separated with `delimiter=semicolon`; ' +
          '`fhir`: FHIR R5 AuditEvent resources as ndjson (docs/fhir-auditevent.md). An export that fails midway ' +
          'ends without the closing chunk, so clients see it as incomplete. The range may span at most 366 days ' +
          '(EXPORT_MAX_RANGE_DAYS).',
        querystring: BulkExportQuery,
        response: {
          200: {
            description: 'The export, streamed.',
            content: {
              [CONTENT_TYPES.ndjson]: { schema: text('One JSON object per line.') },
              [CONTENT_TYPES.csv]: { schema: text('CSV with a header row.') },
              [CONTENT_TYPES.fhir]: { schema: text('One FHIR R5 AuditEvent per line.') },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const { tenantId } = requirePrincipal(request);
      const { format, from, to, delimiter } = request.query;
      const stream = await services.bulkExports.open(
        tenantId,
        format,
        parseInstant(from),
        parseInstant(to),
        processingOf(request),
        delimiter,
      );
      // weegmomenten: the Dutch word for weighings, as the offices that open these files say it.
      const name = `weegmomenten-${day(from)}-${day(to)}${format === 'fhir' ? '-fhir' : ''}`;
      const extension = format === 'csv' ? 'csv' : 'ndjson';
      return reply
        .type(CONTENT_TYPES[format])
        .header('Cache-Control', 'no-store')
        .header('Content-Disposition', `attachment; filename="${name}.${extension}"`)
        .send(stream as never);
    },
  );
};

function formatFromAccept(media: string | undefined): 'json' | 'pdf' {
  if (media === undefined) {
    throw new HttpProblem(406, 'This dossier is available as application/json or application/pdf only.');
  }
  return media === 'application/pdf' ? 'pdf' : 'json';
}
