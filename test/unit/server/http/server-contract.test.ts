import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LOCAL_API_ROUTES } from '../../../../main/local-api/local-api-routes';
import { localApiOpenApiDocument } from '../../../../main/local-api/openapi-document';
import { localApiErrorBodySchema } from '../../../../shared/local-api-errors';
import { accessTokenResponseSchema, companiesResponseSchema, healthResponseSchema } from '../../../../shared/local-api-schemas';
import type { NewToolKey } from '../../../../shared/local-api-keys';
import { SERVER_ROUTE_PATHS } from '../../../../server/http/server-app';
import { OPS_PATHS } from '../../../../server/http/ops-routes';
import { startApi } from '../../main/local-api/local-api-harness';
import { buildApp } from './server-harness';
import { send, type Answer, type RawRequest } from './http-client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document

/** The keys both servers get, by name: the same companies, right and lifetime on each. */
const KEYS: Record<string, Partial<NewToolKey>> = {
  read101: { companies: ['101'], right: 'read' },
  tokenAll: { companies: 'all', right: 'token' },
  token101: { companies: ['101'], right: 'token' },
  expiring: { companies: 'all', right: 'token', lifetimeDays: 30 },
};

/** A request of the comparison; `key` names one of KEYS, or is a literal Authorization value. */
interface Case extends RawRequest {
  name: string;
  key?: keyof typeof KEYS;
  authorization?: string;
}

const json = { 'content-type': 'application/json' };
const CASES: Case[] = [
  { name: 'health without a key', path: '/v1/health' },
  { name: 'companies of a key for one company', path: '/v1/companies', key: 'read101' },
  { name: 'companies of a key for all', path: '/v1/companies', key: 'tokenAll' },
  { name: 'an access token', method: 'POST', path: '/v1/companies/101/access-token', key: 'token101' },
  { name: 'an access token, zero-padded number', method: 'POST', path: '/v1/companies/000202/access-token', key: 'tokenAll' },
  { name: 'an access token with {}', method: 'POST', path: '/v1/companies/101/access-token', key: 'tokenAll', headers: json, body: '{}' },
  { name: 'a token body with a field', method: 'POST', path: '/v1/companies/101/access-token', key: 'tokenAll', headers: json, body: '{"refresh":true}' },
  { name: 'a token body that is an array', method: 'POST', path: '/v1/companies/101/access-token', key: 'tokenAll', headers: json, body: '[]' },
  { name: 'a token body that is not JSON', method: 'POST', path: '/v1/companies/101/access-token', key: 'tokenAll', headers: json, body: '{' },
  { name: 'a token body as text', method: 'POST', path: '/v1/companies/101/access-token', key: 'tokenAll', headers: { 'content-type': 'text/plain' }, body: 'x' },
  { name: 'a form body', method: 'POST', path: '/v1/companies/101/access-token', key: 'tokenAll', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' },
  { name: 'a token body over 16 KiB', method: 'POST', path: '/v1/companies/101/access-token', key: 'tokenAll', headers: json, body: `{"a":"${'x'.repeat(17 * 1024)}"}` },
  { name: 'a token for a company of another key', method: 'POST', path: '/v1/companies/202/access-token', key: 'token101' },
  { name: 'a token with only the read right', method: 'POST', path: '/v1/companies/101/access-token', key: 'read101' },
  { name: 'a token for a company not connected', method: 'POST', path: '/v1/companies/303/access-token', key: 'tokenAll' },
  { name: 'a token for database number 0', method: 'POST', path: '/v1/companies/0/access-token', key: 'tokenAll' },
  { name: 'a token for a database number with letters', method: 'POST', path: '/v1/companies/12ab/access-token', key: 'tokenAll' },
  { name: 'a token for 21 digits', method: 'POST', path: `/v1/companies/${'9'.repeat(21)}/access-token`, key: 'tokenAll' },
  { name: 'a token with GET', path: '/v1/companies/101/access-token', key: 'tokenAll' },
  { name: 'a key that will expire, still valid', path: '/v1/companies', key: 'expiring' },
  { name: 'companies without a key', path: '/v1/companies' },
  { name: 'companies with a malformed key', path: '/v1/companies', authorization: 'Bearer not-a-key' },
  { name: 'companies with a key of bad checksum', path: '/v1/companies', authorization: `Bearer fxc_${'a'.repeat(36)}` },
  { name: 'companies with Basic', path: '/v1/companies', authorization: 'Basic dXNlcjpwYXNz' },
  { name: 'an unknown route with a key', path: '/v1/nothing', key: 'tokenAll' },
  { name: 'an unknown route without a key', path: '/v2/companies' },
  { name: 'the proxy when none is configured', path: '/v1/companies/101/fortnox/3/invoices', key: 'tokenAll' },
  { name: 'a preflight', method: 'OPTIONS', path: '/v1/companies', key: 'tokenAll' },
  { name: 'a web page', path: '/v1/companies', key: 'tokenAll', headers: { origin: 'https://evil.example' } },
  { name: 'a navigation', path: '/v1/health', headers: { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } },
  { name: "Node's fetch (lone Sec-Fetch-Mode: cors)", path: '/v1/companies', key: 'read101', headers: { 'sec-fetch-mode': 'cors' } },
  { name: 'an absolute-form target', path: 'http://127.0.0.1/v1/health' },
];

/** Headers that are part of the contract (the rest, such as Date and Connection, are the transport's). */
const CONTRACT_HEADERS = ['content-type', 'cache-control', 'x-content-type-options', 'www-authenticate', 'retry-after'];
const contractOf = (answer: Answer) => ({
  status: answer.status,
  headers: Object.fromEntries(CONTRACT_HEADERS.map((name) => [name, answer.headers[name]])),
  body: answer.text,
});

async function bothServers() {
  const desktop = await startApi({ withoutCachedTokens: true });
  const firm = await buildApp();
  await firm.app.listen({ port: 0, host: '127.0.0.1' });
  const firmPort = (firm.app.server.address() as AddressInfo).port;
  const desktopKeys: Record<string, string> = {};
  const firmKeys: Record<string, string> = {};
  for (const [name, input] of Object.entries(KEYS)) {
    desktopKeys[name] = await desktop.newKey(input);
    firmKeys[name] = await firm.newKey(input);
  }
  const ask = (target: 'desktop' | 'firm', request: Case) => {
    const key = request.key ? (target === 'desktop' ? desktopKeys : firmKeys)[request.key] : undefined;
    const authorization = key ? `Bearer ${key}` : request.authorization;
    const port = target === 'desktop' ? desktop.port : firmPort;
    return send(port, {
      ...request,
      headers: { host: `127.0.0.1:${port}`, ...(authorization ? { authorization } : {}), ...request.headers },
    });
  };
  return { desktop, firm, firmPort, ask };
}

describe('the firm server keeps the local API contract', () => {
  it('serves exactly the routes of the local API table, plus /livez, /readyz and /metrics', async () => {
    const { app } = await buildApp();

    for (const route of LOCAL_API_ROUTES) {
      const methods = route.method === 'ANY' ? ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] : [route.method];
      for (const method of methods) expect(app.hasRoute({ method: method as 'GET', url: route.path }), `${method} ${route.path}`).toBe(true);
    }
    expect(SERVER_ROUTE_PATHS).toEqual([...LOCAL_API_ROUTES.map((route) => route.path), '/livez', '/readyz', '/metrics']);
    expect(OPS_PATHS.every((path) => app.hasRoute({ method: 'GET', url: path }))).toBe(true);
  });

  it('answers every request of a tool with the status, headers and body the local API gives it, over real sockets', async () => {
    const { ask } = await bothServers();

    for (const request of CASES) {
      const desktop = await ask('desktop', request);
      const firm = await ask('firm', request);
      expect(contractOf(firm), request.name).toEqual(contractOf(desktop));
    }
  });

  it("checks every answer against the local API's schemas: success bodies by route, errors by the error body", async () => {
    const { ask } = await bothServers();

    const schemaOf = (request: Case) =>
      request.path === '/v1/health' ? healthResponseSchema : request.path === '/v1/companies' ? companiesResponseSchema : accessTokenResponseSchema;
    let successes = 0;
    for (const request of CASES) {
      const answer = await ask('firm', request);
      const body = JSON.parse(answer.text) as unknown;
      if (answer.status === 200) {
        successes += 1;
        expect(schemaOf(request).safeParse(body).success, request.name).toBe(true);
      } else {
        expect(localApiErrorBodySchema.safeParse(body).success, request.name).toBe(true);
      }
    }
    expect(successes).toBe(8);
  });

  it('refuses a key the moment it is revoked and once it has expired, as the local API does', async () => {
    const { firm, desktop, ask } = await bothServers();
    const request: Case = { name: 'companies', path: '/v1/companies', key: 'expiring' };

    firm.clock.advance(30 * 24 * 60 * 60 * 1000);
    desktop.clock.advance(30 * 24 * 60 * 60 * 1000);
    const expired = await ask('firm', request);
    expect(contractOf(expired)).toEqual(contractOf(await ask('desktop', request)));
    expect(expired.status).toBe(401);

    const revokedCase: Case = { name: 'companies', path: '/v1/companies', key: 'read101' };
    expect((await ask('firm', revokedCase)).status).toBe(200);
    const [firmRecord] = firm.registry.list().filter((record) => record.companies !== 'all' && record.right === 'read');
    await firm.registry.revoke(firmRecord!.id);
    const [desktopRecord] = desktop.keys.list().filter((record) => record.companies !== 'all' && record.right === 'read');
    await desktop.keys.revoke(desktopRecord!.id);
    const revoked = await ask('firm', revokedCase);
    expect(revoked.status).toBe(401);
    expect(contractOf(revoked)).toEqual(contractOf(await ask('desktop', revokedCase)));
  });

  it("serves the local API's OpenAPI document with the server's PUBLIC_URL, title and guard refusals", async () => {
    const { app, newKey } = await buildApp({ publicUrl: 'https://fortnox.firm.example/connector/' });
    const key = await newKey();

    const answer = await app.inject({ method: 'GET', url: '/v1/openapi.json', headers: { authorization: `Bearer ${key}` } });

    expect(answer.statusCode).toBe(200);
    const document = answer.json() as Json;
    const local = localApiOpenApiDocument(41817) as Json;
    expect(document.servers).toEqual([{ url: 'https://fortnox.firm.example/connector' }]);
    expect(document.openapi).toBe(local.openapi);
    expect(document.info.version).toBe(local.info.version);
    expect(document.info.description).not.toMatch(/Host|this computer/);
    expect(document.components.securitySchemes.toolKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    // The same paths and operations; only the guard's refusals differ (no Host check on a network server).
    const withoutHost = JSON.parse(JSON.stringify(local.paths).replaceAll(', host_not_allowed', '').replaceAll('host_not_allowed, ', '')) as Json;
    expect(document.paths).toEqual(withoutHost);
    const descriptions = JSON.stringify(document.paths).match(/"description":"Error: [^"]*"/g) ?? [];
    expect(descriptions.length).toBeGreaterThan(10);
    expect(descriptions.filter((text) => text.includes('host_not_allowed'))).toEqual([]);
  });
});
