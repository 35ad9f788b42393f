import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { toLezen } from '../../../ldv/record.js';
import { requirePrincipal } from '../../auth.js';
import { HttpProblem } from '../../problem.js';
import { ProcessingLogList, ProcessingLogQuery } from '../../schemas/processing-log.js';
import type { AppServices } from '../../services.js';

const encodeCursor = (position: number) => Buffer.from(`p${position}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const match = /^p(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new HttpProblem(400, 'The request is invalid: query.cursor is not a cursor returned by this API.', {
      invalidParams: [
        { name: 'query.cursor', code: 'invalid_cursor', reason: 'is not a cursor returned by this API' },
      ],
    });
  }
  return Number(match[1]);
}

export const processingLogRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = async (
  app,
  { services },
) => {
  app.get(
    '/processing-logs',
    {
      config: { scope: 'audit' },
      schema: {
        operationId: 'listProcessingLogs',
        tags: ['Audit'],
        summary: "Your organisation's LDV processing log",
        description:
          'The records of the Logboek Dataverwerkingen processing log (docs/ldv.md): one per action and client ' +
          'for every processing of client data. Following the LDV "lezen" extension, at least one of `traceId`, ' +
          '`processingActivityId` and a data subject (`dataSubjectRef`, your client reference, or ' +
          '`dataSubjectId`, the pseudonym the records hold) is required; `from` and `to` narrow by start ' +
          'time. Oldest first; pass `nextCursor` as `cursor` for the next page (default 100, at most 1000). ' +
          'Reading the log is not itself logged in it.',
        querystring: ProcessingLogQuery,
        response: { 200: ProcessingLogList },
      },
    },
    async (request) => {
      const { tenantId } = requirePrincipal(request);
      const q = request.query;
      if (
        q.traceId === undefined &&
        q.processingActivityId === undefined &&
        q.dataSubjectRef === undefined &&
        q.dataSubjectId === undefined
      ) {
        throw new HttpProblem(
          400,
          'The request is invalid: query needs at least one of traceId, processingActivityId, dataSubjectRef ' +
            'and dataSubjectId.',
          {
            invalidParams: [
              {
                name: 'query',
                code: 'missing_filter',
                reason:
                  'needs at least one of traceId, processingActivityId, dataSubjectRef and dataSubjectId',
              },
            ],
          },
        );
      }
      if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) {
        throw new HttpProblem(400, 'The request is invalid: query.from must be before query.to.', {
          invalidParams: [{ name: 'query.from', code: 'invalid_range', reason: 'must be before to' }],
        });
      }
      const records = await services.processingLogs.read(
        tenantId,
        {
          traceId: q.traceId,
          processingActivityId: q.processingActivityId,
          dataSubjectRef: q.dataSubjectRef,
          dataSubjectId: q.dataSubjectId,
          ...(q.from ? { from: new Date(q.from) } : {}),
          ...(q.to ? { to: new Date(q.to) } : {}),
          ...(q.cursor ? { afterPosition: decodeCursor(q.cursor) } : {}),
        },
        q.limit + 1,
      );
      const page = records.slice(0, q.limit);
      return {
        processingActivities: page.map(toLezen),
        nextCursor: records.length > q.limit ? encodeCursor(page[page.length - 1]!.position) : null,
      };
    },
  );
};
