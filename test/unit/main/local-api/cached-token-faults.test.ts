import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startApi } from './local-api-harness';

/** A token request on a new connection: its status, or 'no answer' after two seconds. */
function askToken(port: number, key: string): Promise<number | 'no answer' | 'error'> {
  return new Promise((resolve) => {
    const request = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/v1/companies/101/access-token', headers: { authorization: `Bearer ${key}` }, agent: false, timeout: 2000 },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('timeout', () => {
      request.destroy();
      resolve('no answer');
    });
    request.on('error', () => resolve('error'));
    request.end();
  });
}

describe('a fault in a dependency of the cached-token answer', () => {
  // Review finding: cachedTokenAnswerer runs in the raw 'request' listener with no try/catch. A
  // throw from any dependency (company registry, token source, answer building, audit) escapes
  // the listener: Node turns it into an uncaughtException and the request is never answered (no
  // audit entry either), where Fastify answered the same fault 500 internal_error and audited it.
  it('is answered as Fastify answers it (500), not left hanging with an uncaught exception', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.prependListener('uncaughtException', onUncaught);
    const statuses: unknown[] = [];
    try {
      for (const withoutCachedTokens of [true, false]) {
        const api = await startApi({
          withoutCachedTokens,
          companyName: () => {
            throw new Error('company registry fault');
          },
        });
        statuses.push(await askToken(api.port, await api.newKey({ right: 'token' })));
      }
    } finally {
      process.off('uncaughtException', onUncaught);
    }

    expect({ statuses, uncaught: uncaught.length }).toEqual({ statuses: [500, 500], uncaught: 0 });
  });
});
