import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import { RateLimitWaitExceededError } from '../../../../main/fortnox/rate-limiter';
import type { AccessTokenSource } from '../../../../main/local-api/access-token-source';
import type { TransportRequest } from '../../../../main/local-api/fortnox-proxy';
import type { ConnectionIssue } from '../../../../shared/connection-issues';
import { createServerMetrics } from '../../../../server/http/metrics';
import { apiCompany, buildApp } from './server-harness';

const TENANTS = ['7319046682', '8842001933'];
const COMPANIES = [apiCompany(TENANTS[0]!, 'Hemlig Kund AB'), apiCompany(TENANTS[1]!, 'Annan Kund AB')];

/** One Prometheus sample's value, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((each) => each.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const SCRAPE_TOKEN = 'metrics-scrape-token-0123456789abcdef0123456789';

describe('who may scrape /metrics', () => {
  it('refuses every scrape while no METRICS_TOKEN is configured, with a message saying how to turn it on', async () => {
    const { app } = await buildApp();
    for (const headers of [{}, { authorization: `Bearer ${SCRAPE_TOKEN}` }]) {
      const answer = await app.inject({ method: 'GET', url: '/metrics', headers });
      expect(answer.statusCode).toBe(403);
      expect(answer.json()).toEqual({ status: 'metrics_disabled', message: expect.stringContaining('METRICS_TOKEN') });
      expect(answer.body).not.toContain('fortnox_connector_');
    }
  });

  it('asks for exactly the configured bearer token and serves the registry to it', async () => {
    const { app } = await buildApp({ metricsToken: SCRAPE_TOKEN });
    const wrong = [
      {},
      { authorization: `Bearer ${SCRAPE_TOKEN.slice(0, -1)}` },
      { authorization: `Bearer ${SCRAPE_TOKEN}x` },
      { authorization: `Basic ${SCRAPE_TOKEN}` },
      { authorization: SCRAPE_TOKEN },
    ];
    for (const headers of wrong) {
      const answer = await app.inject({ method: 'GET', url: '/metrics', headers });
      expect(answer.statusCode, JSON.stringify(headers)).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(answer.body).not.toContain('fortnox_connector_');
    }
    const good = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${SCRAPE_TOKEN}` } });
    expect(good.statusCode).toBe(200);
    expect(good.body).toContain('fortnox_connector_http_request_duration_seconds');
    // Probes stay open.
    expect((await app.inject({ method: 'GET', url: '/livez' })).statusCode).toBe(200);
  });
});

describe('the firm server metrics', () => {
  it('count token requests, proxied calls and rate-limit waits by bounded labels, and the scrape names no tenant, key, token, path or company', async () => {
    const secretToken = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LWFjY2Vzcy10b2tlbg.c2lnbmF0dXJl';
    const tokens: AccessTokenSource = {
      accessToken: async (tenantId) => {
        if (tenantId === TENANTS[1]) throw new FortnoxCallError('invalid_grant');
        return { accessToken: secretToken, expiresAt: Date.UTC(2025, 0, 15, 10), scopes: ['invoice'] };
      },
    };
    let waitMs = 1_500;
    const sent: TransportRequest[] = [];
    const { app, newKey, clock } = await buildApp({
      metricsToken: SCRAPE_TOKEN,
      companies: COMPANIES,
      tokens,
      proxy: {
        apiBaseUrl: () => 'https://api.fortnox.example/3/',
        limiter: {
          acquire: async () => {
            if (waitMs < 0) throw new RateLimitWaitExceededError(4_000);
            clock.advance(waitMs);
          },
        },
        transport: async (request) => {
          sent.push(request);
          const status = request.url.includes('/3/missing') ? 404 : 200;
          return { status, headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from('{}')]) };
        },
      },
    });
    const key = await newKey({ name: 'Lönesystemet Hemlig', companies: 'all', right: 'token' });
    const headers = { authorization: `Bearer ${key}` };

    await app.inject({ method: 'POST', url: `/v1/companies/${TENANTS[0]}/access-token`, headers });
    await app.inject({ method: 'POST', url: `/v1/companies/${TENANTS[0]}/access-token`, headers });
    await app.inject({ method: 'POST', url: `/v1/companies/${TENANTS[1]}/access-token`, headers });
    await app.inject({ method: 'POST', url: '/v1/companies/4455667788/access-token', headers });
    await app.inject({ method: 'GET', url: `/v1/companies/${TENANTS[0]}/fortnox/3/invoices?filter=Hemlig`, headers });
    await app.inject({ method: 'GET', url: `/v1/companies/${TENANTS[0]}/fortnox/3/missing`, headers });
    waitMs = -1;
    const limited = await app.inject({ method: 'PUT', url: `/v1/companies/${TENANTS[0]}/fortnox/3/invoices/1`, headers: { ...headers, 'content-type': 'application/json' }, payload: '{}' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('4');

    const scrape = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${SCRAPE_TOKEN}` } });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toContain('text/plain');
    const text = scrape.body;
    expect(sample(text, 'fortnox_connector_access_token_requests_total{outcome="handed"}')).toBe(2);
    expect(sample(text, 'fortnox_connector_access_token_requests_total{outcome="company_needs_reconnect"}')).toBe(1);
    expect(sample(text, 'fortnox_connector_access_token_requests_total{outcome="company_not_found"}')).toBe(1);
    expect(sample(text, 'fortnox_connector_proxied_calls_total{method="GET",outcome="2xx"}')).toBe(1);
    expect(sample(text, 'fortnox_connector_proxied_calls_total{method="GET",outcome="4xx"}')).toBe(1);
    expect(sample(text, 'fortnox_connector_proxied_calls_total{method="PUT",outcome="rate_limited"}')).toBe(1);
    expect(sample(text, 'fortnox_connector_rate_limit_wait_seconds_sum{purpose="proxy"}')).toBe(3);
    expect(sample(text, 'fortnox_connector_rate_limit_wait_seconds_count{purpose="proxy"}')).toBe(2);
    expect(sample(text, 'fortnox_connector_rate_limit_exceeded_total{purpose="proxy"}')).toBe(1);
    expect(sample(text, 'fortnox_connector_http_request_duration_seconds_count{route="/v1/companies/:databaseNumber/access-token",method="POST",status_class="2xx"}')).toBe(2);
    expect(sample(text, 'fortnox_connector_http_request_duration_seconds_count{route="/v1/companies/:databaseNumber/fortnox/*",method="GET",status_class="4xx"}')).toBe(1);

    expect(sent).toHaveLength(2);
    for (const secret of [...TENANTS, '4455667788', secretToken, key, key.slice(4, 20), 'Hemlig', 'Annan', 'Lönesystemet', '/3/invoices', '/3/missing', 'key_']) {
      expect(text, secret).not.toContain(secret);
    }
  });

  it("gives the token service refresh and rate-limit counters whose labels stay bounded whatever it passes", async () => {
    const { metrics, registry } = createServerMetrics({ processMetrics: false });

    metrics.refreshDone('background', 'ok', 0.2);
    metrics.refreshDone('request', 'invalid_grant', 1.5);
    metrics.refreshDone('request', '7319046682' as ConnectionIssue, -3);
    metrics.refreshDone('elsewhere' as 'request', 'ok', Number.NaN);
    metrics.rateLimitWaited('refresh', 2);
    metrics.rateLimitExceeded('refresh');
    metrics.tokenRequest('a-token-value' as 'handed');
    metrics.proxiedCall('PROPFIND', '7319046682' as '2xx');
    metrics.httpRequest('unmatched', 'get', 999, 0.01);

    const text = await registry.metrics();
    expect(sample(text, 'fortnox_connector_token_refreshes_total{trigger="background",outcome="ok"}')).toBe(1);
    expect(sample(text, 'fortnox_connector_token_refreshes_total{trigger="request",outcome="ok"}')).toBe(1);
    expect(sample(text, 'fortnox_connector_token_refreshes_total{trigger="request",outcome="invalid_grant"}')).toBe(1);
    expect(sample(text, 'fortnox_connector_token_refreshes_total{trigger="request",outcome="other"}')).toBe(1);
    expect(sample(text, 'fortnox_connector_token_refresh_duration_seconds_sum{trigger="request"}')).toBe(1.5);
    expect(sample(text, 'fortnox_connector_rate_limit_wait_seconds_sum{purpose="refresh"}')).toBe(2);
    expect(sample(text, 'fortnox_connector_rate_limit_exceeded_total{purpose="refresh"}')).toBe(1);
    expect(sample(text, 'fortnox_connector_access_token_requests_total{outcome="other"}')).toBe(1);
    expect(sample(text, 'fortnox_connector_proxied_calls_total{method="other",outcome="other"}')).toBe(1);
    expect(sample(text, 'fortnox_connector_http_request_duration_seconds_count{route="unmatched",method="GET",status_class="5xx"}')).toBe(1);
    expect(text).not.toContain('7319046682');
    expect(text).not.toContain('a-token-value');
    expect(text).not.toContain('elsewhere');
  });

  it('keeps each app its own registry with Node process metrics, so two apps in one process never share counts', async () => {
    const first = createServerMetrics();
    const second = createServerMetrics();

    first.metrics.tokenRequest('handed');

    expect(sample(await first.registry.metrics(), 'fortnox_connector_access_token_requests_total{outcome="handed"}')).toBe(1);
    expect(sample(await second.registry.metrics(), 'fortnox_connector_access_token_requests_total{outcome="handed"}')).toBeUndefined();
    expect(await first.registry.metrics()).toContain('fortnox_connector_process_cpu_user_seconds_total');
  });
});
