import { describe, expect, it } from 'vitest';
import { fetchCompanyInformation } from '../../../../main/fortnox/company-information';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import { API_RESPONSE_MAX_BYTES, type HttpFetch } from '../../../../main/fortnox/fortnox-http';
import { TokenClient } from '../../../../main/fortnox/token-client';
import { GZIP_BOMB_INFLATED_BYTES, type ReplacingFaultKind } from '../../../../simulator/fault-injection';
import { codeFor, connectWithClient, nodeFetch, tokenConfigFor, useSimulatedFortnox } from '../simulated-fortnox';

/** Generous: an answer refused at its Content-Length or after 8 MiB takes well under this. */
const TIMEOUT_MS = 5_000;

const OVERSIZED: ReplacingFaultKind[] = ['oversizedBody', 'gzipBomb', 'lyingContentLength'];

async function callError(promise: Promise<unknown>): Promise<FortnoxCallError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof FortnoxCallError)) throw new Error(`expected a FortnoxCallError, got ${String(error)}`);
  return error;
}

/** Node's fetch, counting the (decoded) body bytes the app's reader was handed. */
function countingFetch(): { fetcher: HttpFetch; delivered: () => number } {
  let delivered = 0;
  const fetcher: HttpFetch = async (url, init) => {
    const response = await nodeFetch(url, init);
    const body = response.body;
    return {
      status: response.status,
      headers: response.headers,
      body: body && {
        getReader() {
          const reader = body.getReader();
          return {
            read: async () => {
              const chunk = await reader.read();
              delivered += chunk.value?.byteLength ?? 0;
              return chunk;
            },
            cancel: (reason?: unknown) => reader.cancel(reason),
          };
        },
      },
    };
  };
  return { fetcher, delivered: () => delivered };
}

describe('answers from Fortnox are read with a size limit', () => {
  const start = useSimulatedFortnox();

  it.each(OVERSIZED)('a token exchange answered with %s fails as response_too_large, quickly', async (kind) => {
    const { clock, simulator } = await start();
    const client = new TokenClient(nodeFetch, clock.now, TIMEOUT_MS);
    const code = await codeFor(simulator);
    simulator.injectFault({ route: 'token', kind });
    const began = performance.now();

    const error = await callError(client.exchangeCode(tokenConfigFor(simulator), code, simulator.appCallbackUrl));

    expect(error.issue).toBe('response_too_large');
    expect(error.transient).toBe(false);
    expect(performance.now() - began).toBeLessThan(TIMEOUT_MS / 2);
  });

  it.each(OVERSIZED)('a refresh answered with %s fails as response_too_large', async (kind) => {
    const { clock, simulator } = await start();
    const client = new TokenClient(nodeFetch, clock.now, TIMEOUT_MS);
    const set = await connectWithClient(simulator, client);
    simulator.injectFault({ route: 'token', kind });
    expect((await callError(client.refresh(tokenConfigFor(simulator), set.refreshToken))).issue).toBe('response_too_large');
  });

  it.each(OVERSIZED)('a revocation answered with %s fails as response_too_large', async (kind) => {
    const { clock, simulator } = await start();
    const client = new TokenClient(nodeFetch, clock.now, TIMEOUT_MS);
    const set = await connectWithClient(simulator, client);
    simulator.injectFault({ route: 'revoke', kind });
    expect((await callError(client.revoke(tokenConfigFor(simulator), set.refreshToken))).issue).toBe('response_too_large');
  });

  it.each(OVERSIZED)('company information answered with %s fails as response_too_large', async (kind) => {
    const { clock, simulator } = await start();
    const set = await connectWithClient(simulator, new TokenClient(nodeFetch, clock.now));
    simulator.injectFault({ route: 'api', kind });
    const error = await callError(fetchCompanyInformation(nodeFetch, simulator.apiBaseUrl, set.accessToken, clock.now, TIMEOUT_MS));
    expect(error.issue).toBe('response_too_large');
  });

  it('stops inflating a gzip bomb just past the limit: the decoded stream is counted and cancelled', async () => {
    const { clock, simulator } = await start();
    const set = await connectWithClient(simulator, new TokenClient(nodeFetch, clock.now));
    const { fetcher, delivered } = countingFetch();
    simulator.injectFault({ route: 'api', kind: 'gzipBomb' });

    const error = await callError(fetchCompanyInformation(fetcher, simulator.apiBaseUrl, set.accessToken, clock.now, TIMEOUT_MS));

    expect(error.issue).toBe('response_too_large');
    // Decoded bytes were counted (far more than the ~16 KB on the wire), and reading stopped after the limit.
    expect(delivered()).toBeGreaterThan(API_RESPONSE_MAX_BYTES);
    expect(delivered()).toBeLessThan(API_RESPONSE_MAX_BYTES + 1024 * 1024);
    expect(delivered()).toBeLessThan(GZIP_BOMB_INFLATED_BYTES);
  });
});
