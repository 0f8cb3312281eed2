import { Ajv2020 } from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { z, type ZodType } from 'zod';
import { localApiOpenApiDocument, openApiPath } from '../../../../main/local-api/openapi-document';
import { accessTokenRoute, companiesRoute, healthRoute, LOCAL_API_ROUTES } from '../../../../main/local-api/local-api-routes';
import { FORWARDED_REQUEST_HEADERS } from '../../../../main/local-api/fortnox-proxy';
import { localApiErrorBodySchema } from '../../../../shared/local-api-errors';
import { fetchApi, startApi } from './local-api-harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document

function generated(schema: ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
  }) as Json;
  return rest;
}

function responseSchema(document: Json, path: string, method: string, status: string): Json {
  return document.paths[path][method].responses[status].content['application/json'].schema;
}

describe('OpenAPI document of the local API', () => {
  it("documents the proxy's refusal of paths that act for a read key and its in-flight caps, with their codes", () => {
    const get = (localApiOpenApiDocument(41817) as Json).paths['/v1/companies/{databaseNumber}/fortnox/{path}'].get;

    expect(get.responses['403'].description).toContain('action_not_allowed');
    expect(get.responses['429'].description).toContain('too_many_requests');
    expect(get.description ?? get.summary).toContain('action_not_allowed');
  });

  it("names every request header the Fortnox proxy passes on in the proxy operation's summary", () => {
    const document = localApiOpenApiDocument(41817) as Json;
    const summary = String(document.paths['/v1/companies/{databaseNumber}/fortnox/{path}'].get.summary).toLowerCase();

    expect([...FORWARDED_REQUEST_HEADERS].filter((name) => !summary.includes(name))).toEqual([]);
  });

  it('is OpenAPI 3.1 and describes every route, with a bearer key on all but health', () => {
    const document = localApiOpenApiDocument(41817) as Json;

    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/v1/companies',
      '/v1/companies/{databaseNumber}/access-token',
      '/v1/companies/{databaseNumber}/fortnox/{path}',
      '/v1/health',
      '/v1/openapi.json',
    ]);
    expect(Object.keys(document.paths['/v1/companies/{databaseNumber}/fortnox/{path}']).sort()).toEqual(['delete', 'get', 'head', 'patch', 'post', 'put']);
    expect(document.paths['/v1/companies/{databaseNumber}/fortnox/{path}'].post.parameters.map((parameter: Json) => parameter.name)).toEqual(['databaseNumber', 'path']);
    expect(document.paths['/v1/health'].get.security).toEqual([]);
    expect(document.paths['/v1/companies'].get.security).toEqual([{ toolKey: [] }]);
    expect(document.components.securitySchemes.toolKey).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(document.servers).toEqual([{ url: 'http://127.0.0.1:41817' }]);
  });

  it('takes every request and answer schema from the zod schemas the server validates with', () => {
    const document = localApiOpenApiDocument(41817) as Json;
    for (const route of LOCAL_API_ROUTES) {
      expect(responseSchema(document, openApiPath(route.path), route.method === 'ANY' ? 'get' : route.method.toLowerCase(), '200')).toEqual(generated(route.response, 'output'));
    }
    const tokenOperation = document.paths['/v1/companies/{databaseNumber}/access-token'].post;
    expect(tokenOperation.requestBody).toEqual({
      required: false,
      content: {
        'application/json': {
          schema: generated(accessTokenRoute.body!, 'input'),
        },
      },
    });
    expect(tokenOperation.parameters).toEqual([
      {
        name: 'databaseNumber',
        in: 'path',
        required: true,
        description: "Fortnox's database number (tenant id) of the company.",
        schema: expect.objectContaining({
          type: 'string',
          pattern: '^[0-9]{1,20}$',
        }),
      },
    ]);
    expect(responseSchema(document, '/v1/companies/{databaseNumber}/access-token', 'post', '403')).toEqual(generated(localApiErrorBodySchema, 'output'));
    expect(Object.keys(tokenOperation.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '502']);
  });

  it('describes the answers the running server really gives (checked with a JSON Schema 2020-12 validator)', async () => {
    const { base, newKey } = await startApi();
    const key = await newKey({ right: 'token', companies: 'all' });
    const served = JSON.parse((await fetchApi(`${base}/v1/openapi.json`, { key })).text) as Json;
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    ajv.addFormat('date-time', true);

    const check = (path: string, method: string, status: string, text: string) => {
      const validate = ajv.compile(responseSchema(served, path, method, status));
      expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    };
    check(openApiPath(healthRoute.path), 'get', '200', (await fetchApi(`${base}/v1/health`)).text);
    check(openApiPath(companiesRoute.path), 'get', '200', (await fetchApi(`${base}/v1/companies`, { key })).text);
    check(
      openApiPath(accessTokenRoute.path),
      'post',
      '200',
      (
        await fetchApi(`${base}/v1/companies/101/access-token`, {
          method: 'POST',
          key,
        })
      ).text,
    );
    check(
      openApiPath(accessTokenRoute.path),
      'post',
      '404',
      (
        await fetchApi(`${base}/v1/companies/999/access-token`, {
          method: 'POST',
          key,
        })
      ).text,
    );
    expect(served.servers).toEqual([{ url: base }]);
  });

  it('is served only to a key', async () => {
    const { base } = await startApi();
    expect((await fetchApi(`${base}/v1/openapi.json`)).status).toBe(401);
  });
});
