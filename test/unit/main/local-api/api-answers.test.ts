import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import { fortnoxFailure, refusalFor, sendError } from '../../../../main/local-api/api-answers';
import { ProxyRateLimitedError } from '../../../../main/local-api/fortnox-proxy';
import { LocalApiError } from '../../../../main/local-api/local-api-error';

/*
 * The error answers the local API and the firm server share (api-answers.ts): the same failure gets
 * the same code, status and headers from either. local-api-server.test.ts and the server's tests
 * check them through each app; these pin the mapping itself.
 */

describe('refusalFor', () => {
  it('answers each known failure with its code, and a rate limit or a full queue with how long to wait', () => {
    expect(refusalFor(new ProxyRateLimitedError(7))).toEqual({ code: 'rate_limited', retryAfterSeconds: 7 });
    expect(refusalFor(new LocalApiError('too_many_requests'))).toEqual({ code: 'too_many_requests', retryAfterSeconds: 1 });
    expect(refusalFor(new LocalApiError('company_not_allowed'))).toEqual({ code: 'company_not_allowed' });
    expect(refusalFor(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }))).toEqual({ code: 'body_too_large' });
    expect(refusalFor(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }))).toEqual({ code: 'unsupported_media_type' });
    expect(refusalFor(Object.assign(new Error('bad JSON'), { statusCode: 400 }))).toEqual({ code: 'invalid_request' });
  });

  it('leaves anything unexpected to the caller (logged, internal_error), a 5xx included', () => {
    expect(refusalFor(new Error('boom'))).toBeUndefined();
    expect(refusalFor(Object.assign(new Error('x'), { statusCode: 500 }))).toBeUndefined();
    expect(refusalFor('a string')).toBeUndefined();
  });
});

describe('fortnoxFailure', () => {
  it('tells a company that needs a new sign-in from Fortnox being unavailable, and passes other errors on as they are', () => {
    expect(fortnoxFailure(new FortnoxCallError('invalid_grant'))).toMatchObject({ code: 'company_needs_reconnect' });
    expect(fortnoxFailure(new FortnoxCallError('unauthorized'))).toMatchObject({ code: 'company_needs_reconnect' });
    expect(fortnoxFailure(new FortnoxCallError('network'))).toMatchObject({ code: 'fortnox_unavailable' });
    const other = new Error('other');
    expect(fortnoxFailure(other)).toBe(other);
  });
});

describe('sendError', () => {
  it('sends the error body with its status, Bearer for unauthorized and Retry-After when given', async () => {
    const app = Fastify();
    app.get('/unauthorized', (_request, reply) => sendError(reply, 'unauthorized'));
    app.get('/limited', (_request, reply) => sendError(reply, 'rate_limited', 12));
    const unauthorized = await app.inject({ method: 'GET', url: '/unauthorized' });
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.headers['www-authenticate']).toBe('Bearer');
    expect(unauthorized.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const limited = await app.inject({ method: 'GET', url: '/limited' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('12');
    expect(limited.headers['www-authenticate']).toBeUndefined();
    await app.close();
  });
});
