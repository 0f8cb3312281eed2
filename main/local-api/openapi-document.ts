import { z, type ZodType } from 'zod';
import { localApiErrorBodySchema } from '../../shared/local-api-errors';
import { LOCAL_API_ERRORS } from './local-api-error';
import { LOCAL_API_ROUTES, type LocalApiRoute } from './local-api-routes';

/** The API's version in the OpenAPI document (the URL carries the major: `/v1`). */
export const LOCAL_API_VERSION = '1.0.0';

type JsonObject = Record<string, unknown>;

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a zod schema, without its `$schema` line. */
function jsonSchema(schema: ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
  }) as JsonObject;
  return rest;
}

/** The body schema of a route, and whether it may be left out (`.optional()`). */
function requestBody(route: LocalApiRoute): JsonObject | undefined {
  if (!route.body) return undefined;
  return {
    required: !route.body.safeParse(undefined).success,
    content: {
      'application/json': { schema: jsonSchema(route.body, 'input') },
    },
  };
}

/** Path parameters, one per property of the route's params object. */
function parameters(route: LocalApiRoute): JsonObject[] {
  if (!route.params) return [];
  const schema = jsonSchema(route.params, 'input');
  const properties = (schema.properties ?? {}) as Record<string, JsonObject>;
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: 'path',
      required: true,
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function errorResponses(route: LocalApiRoute): Record<string, JsonObject> {
  const codes = route.right ? ['unauthorized', ...route.errors] : [...route.errors];
  codes.push('host_not_allowed', 'browser_request_refused');
  const byStatus = new Map<number, string[]>();
  for (const code of codes as (keyof typeof LOCAL_API_ERRORS)[]) {
    const status = LOCAL_API_ERRORS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, JsonObject> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `Error: ${[...new Set(list)].join(', ')}.`,
      content: {
        'application/json': {
          schema: jsonSchema(localApiErrorBodySchema, 'output'),
        },
      },
    };
  }
  return responses;
}

function operation(route: LocalApiRoute): JsonObject {
  const body = requestBody(route);
  const params = parameters(route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.right ? { security: [{ toolKey: [] }] } : { security: [] }),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: {
      '200': {
        description: 'OK',
        content: {
          'application/json': { schema: jsonSchema(route.response, 'output') },
        },
      },
      ...errorResponses(route),
    },
  };
}

/** `/v1/companies/:databaseNumber/x` as OpenAPI writes it: `/v1/companies/{databaseNumber}/x`. */
export function openApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z]+)/g, '{$1}').replace(/\/\*$/, '/{path}');
}

/**
 * The OpenAPI 3.1 document of the local API, generated from the zod schemas the server validates
 * requests and answers with (`z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 uses): nothing
 * in it is written by hand except titles and summaries.
 */
export function localApiOpenApiDocument(port: number): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of LOCAL_API_ROUTES) {
    const path = openApiPath(route.path);
    const methods = route.method === 'ANY' ? ['get', 'head', 'post', 'put', 'patch', 'delete'] : [route.method.toLowerCase()];
    paths[path] = {
      ...(paths[path] ?? {}),
      ...Object.fromEntries(methods.map((method) => [method, { ...operation(route), operationId: route.method === 'ANY' ? `${route.operationId}${method[0]?.toUpperCase()}${method.slice(1)}` : route.operationId }])),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fortnox Connector local API',
      version: LOCAL_API_VERSION,
      description:
        'Served by the Fortnox Connector app on this computer only. Every route but /v1/health needs a tool key created in the app (Authorization: Bearer fxc_...). Requests from web pages (Origin or Sec-Fetch-* headers) and with a Host other than the loopback address are refused.',
    },
    servers: [{ url: `http://127.0.0.1:${port}` }],
    components: {
      securitySchemes: {
        toolKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A tool key (fxc_ followed by 36 letters and digits).',
        },
      },
    },
    paths,
  };
}
