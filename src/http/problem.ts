/**
 * RFC 9457 problem details. Every error response of the service is `application/problem+json`
 * with status, title and detail. Details are written by us, never copied from an exception or from
 * the request: they must not leak internals or echo submitted personal data.
 */
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const InvalidParam = z
  .object({
    name: z.string().describe('Where the problem is: body, query, path or header, then the field path.'),
    code: z.string().describe('Machine-readable reason, e.g. `required`, `invalid_type`, `unknown_field`.'),
    reason: z.string().describe('What is wrong, in words.'),
  })
  .meta({ id: 'InvalidParam' });

export const Problem = z
  .object({
    type: z
      .string()
      .optional()
      .describe('A URI identifying the problem type; `about:blank` when only the status says it.'),
    title: z.string().describe('Short summary of the problem type.'),
    status: z.number().int().describe('The HTTP status code.'),
    detail: z.string().describe('What went wrong in this occurrence and what to do about it.'),
    instance: z.string().optional().describe('The request id of this occurrence (also in X-Request-Id).'),
    invalidParams: z
      .array(InvalidParam)
      .optional()
      .describe('For validation errors: every offending field (NL GOV API Design Rules extension).'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });
export type Problem = z.infer<typeof Problem>;
export type InvalidParam = z.infer<typeof InvalidParam>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

export interface ProblemOptions {
  type?: string;
  title?: string;
  invalidParams?: InvalidParam[];
  headers?: Record<string, string>;
}

/** An error that the error handler turns into a problem response as it is. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly detail: string;
  readonly options: ProblemOptions;

  constructor(status: number, detail: string, options: ProblemOptions = {}) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.detail = detail;
    this.options = options;
  }

  toProblem(instance?: string): Problem {
    return {
      type: this.options.type ?? 'about:blank',
      title: this.options.title ?? titleFor(this.status),
      status: this.status,
      detail: this.detail,
      ...(instance ? { instance } : {}),
      ...(this.options.invalidParams ? { invalidParams: this.options.invalidParams } : {}),
    };
  }
}

export const notFound = (what: string) =>
  new HttpProblem(404, `${what} does not exist or is not visible to you.`);
