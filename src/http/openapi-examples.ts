/**
 * Examples for the OpenAPI document, realistic because they are real: the README's first request,
 * and what the rules engine answers to it (computed here with the active ruleset, on a fixed
 * reference date, so the document changes when the rules do and `npm run openapi` shows it).
 */
import { AgeGroup, activeRuleset, evaluate } from '../engine/index.js';
import { toAssessmentRequest } from './schemas/assessment.js';

type Json = Record<string, unknown>;
type Named = Record<string, { summary: string; value: unknown }>;

/** The first request of the README ("First request"). */
export const README_REQUEST = {
  caseRef: 'WT-2026-0042',
  client: { ref: 'c-81f3', ageGroup: 'adult', decisionCapacity: 'capable' },
  professional: { ref: 'p-17', profession: 'social_worker', employedByMunicipality: true },
  recipient: { type: 'municipality', name: 'Gemeente Utrecht, werkconsulent' },
  purpose: { type: 'eligibility_assessment', description: 'komt cliënt op tijd op het werk?' },
  requestedInformation: ['attendance', 'social_circumstances'],
  answers: { 'consent.given': false, 'conflict.seriousHarm': false },
} as const;

/** The same request before any answer: the engine asks its questions. */
export const UNANSWERED_REQUEST = { ...README_REQUEST, answers: {} };

const REFERENCE_DATE = '2026-12-01';

function evaluated(request: Json): Json {
  return evaluate(
    toAssessmentRequest(request as never),
    { language: 'nl', referenceDate: REFERENCE_DATE },
    activeRuleset,
  ) as unknown as Json;
}

export const OPERATION_EXAMPLES: Record<string, { request?: Named; responses?: Record<string, Named> }> = {
  createAssessment: {
    request: {
      readme: {
        summary: 'The README request: the municipality asks about attendance',
        value: README_REQUEST,
      },
      unanswered: { summary: 'The same request before any answer', value: UNANSWERED_REQUEST },
    },
    responses: {
      '200': {
        readme: { summary: 'Dry run of the README request', value: evaluated(README_REQUEST) },
        needsMoreInformation: {
          summary: 'Dry run without answers: needs_more_information, with the questions to answer',
          value: evaluated(UNANSWERED_REQUEST),
        },
      },
    },
  },
};

// Worded as src/http/validation.ts words an unknown enum value.
const ageGroupReason = `must be one of: ${AgeGroup.options.map((v) => JSON.stringify(v)).join(', ')}`;

/** A problem per status, as the service writes them. */
export const PROBLEM_EXAMPLES: Record<number, Json> = {
  400: {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: `The request is invalid: body.client.ageGroup ${ageGroupReason}.`,
    instance: '0b5c2a9e-4f0e-4c1b-9a43-6d2f1e7c8b90',
    invalidParams: [{ name: 'body.client.ageGroup', code: 'invalid_value', reason: ageGroupReason }],
  },
  401: {
    type: 'about:blank',
    title: 'Unauthorized',
    status: 401,
    detail: 'Send an API key as "Authorization: Bearer <key>".',
    instance: '5d3f8a17-2b6c-4e90-8f1a-3c7b9e2d4a61',
  },
  404: {
    type: 'about:blank',
    title: 'Not Found',
    status: 404,
    detail: 'This assessment does not exist or is not visible to you.',
    instance: 'a8e4c2d1-7b3f-4a96-b5e0-1f2c3d4e5a6b',
  },
};
