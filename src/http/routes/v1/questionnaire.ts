import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  activeRuleset,
  getRuleset,
  listRulesets,
  questionCatalogue,
  rulesView,
} from '../../../engine/index.js';
import { Decision, Ground, PurposeType, RecipientType } from '../../../engine/vocabulary.js';
import { LanguageHeaders, negotiateLanguage } from '../../language.js';
import { notFound } from '../../problem.js';
import { CitationSchema, QuestionSchema } from '../../schemas/assessment.js';
import { machineValue } from '../../schemas/text.js';
import type { AppServices } from '../../services.js';

const QuestionList = z
  .object({
    rulesetVersion: z.string(),
    rulesetHash: z.string(),
    language: z.enum(['nl', 'en']),
    items: z.array(QuestionSchema).describe('In the order a professional should answer them.'),
  })
  .meta({ id: 'QuestionList' });

const Rule = z
  .object({
    id: z.string(),
    kind: z.enum(['route', 'helper', 'notice', 'obligation', 'minimisation']),
    ground: Ground.optional(),
    decision: Decision.optional(),
    action: z.enum(['share', 'withhold']).optional(),
    title: z.string(),
    description: z.string(),
    applies: z
      .unknown()
      .optional()
      .describe('The facts the rule applies to, as rule data (see docs/rules.md).'),
    when: z.unknown().optional().describe('The condition that decides the rule, as rule data.'),
    conditionText: z.string().describe('The condition in words.'),
    sources: z.array(z.string()).describe('Readable citations of the passages, statutes and rulings.'),
    citations: z.array(CitationSchema).describe('The same citations, structured.'),
    validFrom: z.string().optional().describe('First day the rule is law (YYYY-MM-DD), if dated.'),
    validUntil: z.string().optional().describe('Last day the rule is law (YYYY-MM-DD), if dated.'),
  })
  .meta({ id: 'Rule' });

const Ruleset = z
  .object({
    version: z.string(),
    hash: z.string().describe('SHA-256 of the canonical (RFC 8785) rule data.'),
    active: z.boolean(),
    language: z.enum(['nl', 'en']),
    rules: z.array(Rule),
    released: z
      .array(z.object({ version: z.string(), hash: z.string(), active: z.boolean() }))
      .describe('Every released ruleset; recorded weighings name the one they used.'),
  })
  .meta({ id: 'Ruleset' });

export const questionnaireRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = async (app) => {
  app.get(
    '/questions',
    {
      config: { scope: ['assess', 'read'] },
      schema: {
        operationId: 'listQuestions',
        tags: ['Questionnaire'],
        summary: 'The questions the weighing can ask',
        description:
          'Every question id with its text, help text, type and sources, in decision-tree order; filtered to the ' +
          'questions that can matter for a recipient type and/or purpose. Dutch unless `Accept-Language: en`.',
        querystring: z.strictObject({
          recipientType: RecipientType.optional(),
          purposeType: PurposeType.optional(),
        }),
        headers: LanguageHeaders,
        response: { 200: QuestionList },
      },
    },
    async (request, reply) => {
      const language = negotiateLanguage(request);
      reply.header('Content-Language', language);
      return {
        rulesetVersion: activeRuleset.version,
        rulesetHash: activeRuleset.hash,
        language,
        items: [
          ...questionCatalogue(activeRuleset, {
            language,
            ...(request.query.recipientType ? { recipientType: request.query.recipientType } : {}),
            ...(request.query.purposeType ? { purposeType: request.query.purposeType } : {}),
          }),
        ],
      };
    },
  );

  app.get(
    '/rules',
    {
      config: { scope: ['assess', 'read', 'audit'], problems: [404] },
      schema: {
        operationId: 'getRuleset',
        tags: ['Questionnaire'],
        summary: 'The ruleset: every rule with its condition and sources',
        description:
          'The active ruleset, or a released earlier one by `rulesetHash`, so a legal reader can check each rule ' +
          'against its sources.',
        querystring: z.strictObject({
          rulesetHash: machineValue(
            z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'),
            'A ruleset hash as GET /v1/rules lists it; neither stored nor logged.',
          ).optional(),
        }),
        headers: LanguageHeaders,
        response: { 200: Ruleset },
      },
    },
    async (request, reply) => {
      const language = negotiateLanguage(request);
      reply.header('Content-Language', language);
      const ruleset = request.query.rulesetHash ? getRuleset(request.query.rulesetHash) : activeRuleset;
      if (!ruleset) throw notFound('A ruleset with this hash');
      return {
        version: ruleset.version,
        hash: ruleset.hash,
        active: ruleset.hash === activeRuleset.hash,
        language,
        rules: rulesView(ruleset, language),
        released: listRulesets(),
      };
    },
  );
};
