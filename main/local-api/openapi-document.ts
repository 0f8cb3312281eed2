import { z, type ZodType } from 'zod';
import { localApiErrorBodySchema, type LocalApiErrorCode } from '../../shared/local-api-errors';
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

function errorResponses(route: LocalApiRoute, guardErrors: readonly LocalApiErrorCode[]): Record<string, JsonObject> {
  const codes = route.right ? ['unauthorized', ...route.errors] : [...route.errors];
  codes.push(...guardErrors);
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

function operation(route: LocalApiRoute, guardErrors: readonly LocalApiErrorCode[]): JsonObject {
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
      ...errorResponses(route, guardErrors),
    },
  };
}

/** `/v1/companies/:databaseNumber/x` as OpenAPI writes it: `/v1/companies/{databaseNumber}/x`. */
export function openApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z]+)/g, '{$1}').replace(/\/\*$/, '/{path}');
}

/** What differs between the servers of the `/v1` contract: the desktop's local API and the firm server. */
export interface V1DocumentOptions {
  title: string;
  description: string;
  /** The `servers` entry: where a tool sends its requests. */
  serverUrl: string;
  /** The refusals of the checks every request passes before routing (Host, browser headers). */
  guardErrors: readonly LocalApiErrorCode[];
  /** What the bearer key is, in the security scheme's description. */
  keyDescription: string;
}

/**
 * The OpenAPI 3.1 document of the `/v1` contract, generated from the zod schemas the server
 * validates requests and answers with (`z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 uses):
 * nothing in it is written by hand except titles and summaries. Both the local API and the firm
 * server serve it, so their paths, operations and schemas cannot drift apart.
 */
export function v1OpenApiDocument(options: V1DocumentOptions): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of LOCAL_API_ROUTES) {
    const path = openApiPath(route.path);
    const methods = route.method === 'ANY' ? ['get', 'head', 'post', 'put', 'patch', 'delete'] : [route.method.toLowerCase()];
    paths[path] = {
      ...(paths[path] ?? {}),
      ...Object.fromEntries(
        methods.map((method) => [
          method,
          { ...operation(route, options.guardErrors), operationId: route.method === 'ANY' ? `${route.operationId}${method[0]?.toUpperCase()}${method.slice(1)}` : route.operationId },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: options.title,
      version: LOCAL_API_VERSION,
      description: options.description,
    },
    servers: [{ url: options.serverUrl }],
    components: {
      securitySchemes: {
        toolKey: {
          type: 'http',
          scheme: 'bearer',
          description: options.keyDescription,
        },
      },
    },
    paths,
  };
}

/** The OpenAPI 3.1 document of the local API on this computer's `port`. */
export function localApiOpenApiDocument(port: number): JsonObject {
  return v1OpenApiDocument({
    title: 'Fortnox Connector local API',
    description:
      'Served by the Fortnox Connector app on this computer only. Every route but /v1/health needs a tool key created in the app (Authorization: Bearer fxc_...). Requests from web pages (Origin or Sec-Fetch-* headers) and with a Host other than the loopback address are refused.',
    serverUrl: `http://127.0.0.1:${port}`,
    guardErrors: ['host_not_allowed', 'browser_request_refused'],
    keyDescription: 'A tool key (fxc_ followed by 36 letters and digits).',
  });
}
