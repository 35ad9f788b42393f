/**
 * This service as a witness (c2sp.org/tlog-witness), mounted at /witness when WITNESS_NAME and
 * WITNESS_KEY are configured. Outside /v1 and without API keys: the specification authenticates a
 * request only by the log's signature on the checkpoint. Plain-text bodies, the specification's
 * status codes (services/witness.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { WitnessService } from '../../services/witness.js';

export const WITNESS_PREFIX = '/witness';

export const witnessRoutes: FastifyPluginAsync<{ witness: WitnessService }> = async (app, { witness }) => {
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post(
    '/add-checkpoint',
    {
      schema: {
        // Specified by c2sp.org/tlog-witness, not part of this service's versioned API.
        hide: true,
        tags: ['Witness'],
        summary: 'c2sp.org/tlog-witness add-checkpoint',
        description:
          'Body: `old <size>`, the consistency proof (base64 lines), a blank line, the checkpoint as a signed note. ' +
          'Answers the cosignature line (cosignature/v1), or 400/403/404/409/422 as the specification says; a 409 ' +
          'carries the latest cosigned size as text/x.tlog.size.',
      },
    },
    async (request, reply) => {
      const answer = await witness.addCheckpoint(typeof request.body === 'string' ? request.body : '');
      request.log.info({ witnessOutcome: answer.outcome, status: answer.status }, 'witness request');
      return reply.code(answer.status).type(answer.contentType).send(answer.body);
    },
  );

  app.get<{ Params: { originHash: string } }>(
    '/:originHash/checkpoint',
    {
      schema: {
        // Specified by c2sp.org/tlog-witness, not part of this service's versioned API.
        hide: true,
        tags: ['Witness'],
        summary: 'c2sp.org/tlog-witness: the latest cosigned checkpoint of a log',
        description:
          'By the lowercase hex SHA-256 of the log origin; 404 when this witness never cosigned it.',
      },
    },
    async (request, reply) => {
      const note = /^[0-9a-f]{64}$/.test(request.params.originHash)
        ? await witness.latest(request.params.originHash)
        : null;
      if (!note) return reply.code(404).type('text/plain; charset=utf-8').send('not found\n');
      return reply.type('text/plain; charset=utf-8').send(note);
    },
  );
};
