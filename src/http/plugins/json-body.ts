/**
 * The JSON body parser. Fastify's own answers every syntax error with one sentence and throws the
 * parser's message away; a caller fixing a hand-written request wants to know where it broke. The
 * parser's message itself is never passed on: it can quote the body, and bodies hold personal data.
 * Only the position is taken from it. `__proto__` and `constructor.prototype` keys are refused, as
 * Fastify does by default.
 *
 * The body is read as bytes and must be valid UTF-8 (RFC 8259 §8.1) before it is parsed: decoding
 * invalid bytes replaced them with U+FFFD, and the record then held text the caller never sent.
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { HttpProblem } from '../problem.js';

const FORBIDDEN_KEY = 'forbidden prototype property';

/** Line and column (1-based) of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The problem for a body that does not parse, saying where when the parser tells. */
export function jsonSyntaxProblem(error: unknown, body: string): HttpProblem {
  const message = error instanceof Error ? error.message : '';
  if (message.includes(FORBIDDEN_KEY)) {
    return new HttpProblem(
      400,
      'The request body contains a forbidden key (__proto__ or constructor.prototype).',
    );
  }
  if (/end of JSON input/i.test(message)) {
    return new HttpProblem(
      400,
      'The request body is not valid JSON: it ends before the JSON value is complete.',
    );
  }
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) {
    const offset = Number(position);
    const { line, column } = lineAndColumn(body, offset);
    const where = offset >= body.length ? 'at its end' : `at line ${line}, column ${column}`;
    return new HttpProblem(400, `The request body is not valid JSON: the syntax breaks ${where}.`);
  }
  return new HttpProblem(400, 'The request body is not valid JSON.');
}

export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(
        new HttpProblem(400, 'The request body is not valid UTF-8. Send JSON encoded as UTF-8.'),
        undefined,
      );
      return;
    }
    const text = bytes.toString('utf8');
    if (text.length === 0) {
      done(new HttpProblem(400, 'The request body is empty; send a JSON object.'), undefined);
      return;
    }
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(jsonSyntaxProblem(error, text), undefined);
    }
  });
}
