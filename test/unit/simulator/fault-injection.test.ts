import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  connect,
  exchangeCode,
  getCompanyInformation,
  obtainCode,
  postForm,
  refreshWith,
  type TokenResponse,
} from './token-test-kit';
import { trackSimulators } from './simulator-test-kit';

describe('fault injection', () => {
  const start = trackSimulators();

  it('html500 answers a text/html 500 page and leaves the code unused', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator);
    simulator.injectFault({ route: 'token', kind: 'html500' });
    const faulted = await exchangeCode(simulator, code);

    expect(faulted.status).toBe(500);
    expect(faulted.headers.get('content-type')).toContain('text/html');
    expect(await faulted.text()).toContain('<html>');
    expect((await exchangeCode(simulator, code)).status).toBe(200);
    expect(simulator.tokenRequests().map((request) => [request.fault, request.outcome])).toEqual([
      ['html500', 'not-handled'],
      [null, 'issued'],
    ]);
  });

  it('invalidJson answers 200 application/json with a body that does not parse', async () => {
    const simulator = await start();
    const { access_token } = await connect(simulator);
    simulator.injectFault({ route: 'api', kind: 'invalidJson' });
    const response = await getCompanyInformation(simulator, access_token);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('status429 answers 429 on the route it targets', async () => {
    const simulator = await start();
    simulator.injectFault({ route: 'revoke', kind: 'status429' });
    const response = await postForm(simulator.revokeUrl, { token_type_hint: 'refresh_token', token: 'x' });

    expect(response.status).toBe(429);
    expect(simulator.revocations()).toMatchObject([{ fault: 'status429', revoked: false }]);
  });

  it('reset drops the connection, so fetch rejects', async () => {
    const simulator = await start();
    const { access_token } = await connect(simulator);
    simulator.injectFault({ route: 'api', kind: 'reset' });

    await expect(getCompanyInformation(simulator, access_token)).rejects.toThrow();
    expect((await getCompanyInformation(simulator, access_token)).status).toBe(200);
    expect(simulator.apiRequests().map((request) => [request.status, request.fault])).toEqual([
      [0, 'reset'],
      [200, null],
    ]);
  });

  it('reset with afterHandling rotates the refresh token although the app never hears the answer', async () => {
    const simulator = await start();
    const { refresh_token } = await connect(simulator);
    simulator.injectFault({ route: 'token', kind: 'reset', afterHandling: true });

    await expect(refreshWith(simulator, refresh_token)).rejects.toThrow();
    expect(simulator.refreshCount(101)).toBe(1);
    expect(simulator.tokenRequests()[1]).toMatchObject({ fault: 'reset', outcome: 'issued' });
    expect((await refreshWith(simulator, refresh_token)).status).toBe(400);
  });

  it('delay waits the given real milliseconds and then answers normally', async () => {
    const simulator = await start();
    const code = await obtainCode(simulator);
    simulator.injectFault({ route: 'token', kind: 'delay', ms: 40 });
    const startedAt = performance.now();
    const response = await exchangeCode(simulator, code);
    const elapsed = performance.now() - startedAt;

    expect(response.status).toBe(200);
    expect(((await response.json()) as TokenResponse).token_type).toBe('bearer');
    expect(elapsed).toBeGreaterThanOrEqual(35);
    expect(simulator.tokenRequests()).toMatchObject([{ fault: 'delay', outcome: 'issued' }]);
  });

  it('applies to the next `times` requests only, then the route behaves again', async () => {
    const simulator = await start();
    const { access_token } = await connect(simulator);
    simulator.injectFault({ route: 'api', kind: 'html500', times: 2 });
    const results: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      results.push((await getCompanyInformation(simulator, access_token)).status);
    }

    expect(results).toEqual([500, 500, 200]);
  });

  it('applies faults queued for one route in order and leaves other routes alone', async () => {
    const simulator = await start();
    const { access_token, refresh_token } = await connect(simulator);
    simulator.injectFault({ route: 'api', kind: 'status429' });
    simulator.injectFault({ route: 'api', kind: 'html500' });

    expect((await refreshWith(simulator, refresh_token)).status).toBe(200);
    expect((await getCompanyInformation(simulator, access_token)).status).toBe(429);
    expect((await getCompanyInformation(simulator, access_token)).status).toBe(500);
    expect((await getCompanyInformation(simulator, access_token)).status).toBe(200);
  });

  it('clearFaults drops every queued fault', async () => {
    const simulator = await start();
    const { access_token } = await connect(simulator);
    simulator.injectFault({ route: 'api', kind: 'reset', times: 5 });
    simulator.injectFault({ route: 'token', kind: 'html500' });
    simulator.clearFaults();

    expect((await getCompanyInformation(simulator, access_token)).status).toBe(200);
    expect((await exchangeCode(simulator, await obtainCode(simulator))).status).toBe(200);
  });

  it('refuses a times that is not a positive integer and a negative delay', async () => {
    const simulator = await start();

    expect(() => simulator.injectFault({ route: 'api', kind: 'reset', times: 0 })).toThrow(RangeError);
    expect(() => simulator.injectFault({ route: 'api', kind: 'reset', times: 1.5 })).toThrow(RangeError);
    expect(() => simulator.injectFault({ route: 'token', kind: 'delay', ms: -1 })).toThrow(RangeError);
  });
});
