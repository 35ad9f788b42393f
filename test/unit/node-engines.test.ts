/**
 * `npm ci` on Node 20.19 warned that cookie@2 (pulled by Fastify's inject helper,
 * light-my-request) wants Node 22. package.json overrides it with cookie 1.1.1, which has the same
 * function light-my-request uses (stringifySetCookie) and supports Node 18+. This proves inject
 * still sends and reads cookies with it.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';

describe('the cookie override for Node 20', () => {
  it('light-my-request still sends and reads cookies', async () => {
    const app = Fastify();
    app.get('/', async (request, reply) => {
      reply.header('Set-Cookie', 'answer=42; Path=/');
      return { cookie: request.headers.cookie ?? null };
    });
    const res = await app.inject({ method: 'GET', url: '/', cookies: { session: 'abc' } });
    expect(res.json()).toEqual({ cookie: 'session=abc' });
    expect(res.cookies).toEqual([expect.objectContaining({ name: 'answer', value: '42' })]);
    await app.close();
  });
});
