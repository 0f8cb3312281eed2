import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CompaniesResponse, HealthResponse } from '../../shared/local-api-schemas';
import { AccessTokenAnswers } from '../../main/local-api/access-token-answers';
import { fortnoxFailure } from '../../main/local-api/api-answers';
import { companyAllowed } from '../../main/local-api/key-permissions';
import { LocalApiError } from '../../main/local-api/local-api-error';
import { accessTokenRoute, companiesRoute, healthRoute, openApiRoute } from '../../main/local-api/local-api-routes';
import { v1OpenApiDocument } from '../../main/local-api/openapi-document';
import { companyFor } from './company-access';
import type { RouteContext } from './server-app';
import { SERVER_GUARD_ERRORS } from './server-guard';

/** Sends an answer built field by field as its schema's TypeScript type (an undeclared field, such as a refresh token, does not compile). */
function respondJson(reply: FastifyReply, json: string): FastifyReply {
  return reply.code(200).type('application/json; charset=utf-8').send(json);
}

/** The firm server's `/v1/openapi.json`: the local API's document with this server's URL and guard. */
export function serverOpenApiDocument(serverUrl: string): Record<string, unknown> {
  return v1OpenApiDocument({
    title: 'Fortnox Connector firm server API',
    description:
      "The firm's Fortnox Connector server: the same /v1 routes as the app's local API. Every route but /v1/health needs an integration key an admin created (Authorization: Bearer fxc_...). Requests from web pages (Origin or Sec-Fetch-* headers) are refused.",
    serverUrl,
    guardErrors: SERVER_GUARD_ERRORS,
    keyDescription: 'An integration key (fxc_ followed by 36 letters and digits).',
  });
}

/** Health, companies, access token and the OpenAPI document: the local API's routes of the same names and shapes. */
export function registerV1Routes(app: FastifyInstance, context: RouteContext, serverUrl: string): void {
  const { deps } = context;
  const tokenAnswers = new AccessTokenAnswers();
  const openApiJson = JSON.stringify(serverOpenApiDocument(serverUrl));

  app.get(healthRoute.path, (_request, reply) => {
    const answer: HealthResponse = { status: 'up' };
    return respondJson(reply, JSON.stringify(answer));
  });

  app.get(companiesRoute.path, async (request, reply) => {
    const key = context.keyFor(request);
    const companies = (await deps.companies.list()).filter((company) => companyAllowed(key.companies, company.databaseNumber));
    const answer: CompaniesResponse = { companies };
    return respondJson(reply, JSON.stringify(answer));
  });

  app.post(accessTokenRoute.path, async (request, reply) => {
    const tenantId = await companyFor(context, request, accessTokenRoute);
    // No body (the usual call) is what the optional schema accepts; a body is parsed.
    if (request.body !== undefined && !accessTokenRoute.body?.safeParse(request.body).success) throw new LocalApiError('invalid_request');
    let handed;
    try {
      handed = await deps.tokens.accessToken(tenantId);
    } catch (error) {
      tokenAnswers.forget(tenantId);
      throw fortnoxFailure(error);
    }
    return respondJson(reply, tokenAnswers.body(tenantId, handed, deps.now()));
  });

  app.get(openApiRoute.path, (_request, reply) => respondJson(reply, openApiJson));
}
