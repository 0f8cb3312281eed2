import type { ZodType } from 'zod';
import { companyParamsSchema, fortnoxProxyParamsSchema, fortnoxProxyResponseSchema } from '../../shared/local-api-schemas';
import {
  accessTokenRequestSchema,
  accessTokenResponseSchema,
  companiesResponseSchema,
  healthResponseSchema,
  openApiDocumentSchema,
} from '../../shared/local-api-schemas';
import type { LocalApiErrorCode } from '../../shared/local-api-errors';
import type { KeyRight } from '../../shared/local-api-keys';

/** One route of the local API: what the server validates with and what the OpenAPI document says. */
export interface LocalApiRoute {
  /** `ANY`: every method (the Fortnox proxy); the document lists each. */
  method: 'GET' | 'POST' | 'ANY';
  /** The path as Fastify routes it (`:name` parameters). */
  path: string;
  operationId: string;
  summary: string;
  /** The right a key needs; undefined: no key needed (health only). */
  right?: KeyRight;
  params?: ZodType;
  /** The request body, when one is accepted (`optional()`: it may be left out). */
  body?: ZodType;
  response: ZodType;
  /** The refusals this route can answer besides the ones every keyed route shares. */
  errors: readonly LocalApiErrorCode[];
}

/** `GET /v1/health`. */
export const healthRoute: LocalApiRoute = {
  method: 'GET',
  path: '/v1/health',
  operationId: 'getHealth',
  summary: 'Whether the local API is up. Needs no key and says nothing else.',
  response: healthResponseSchema,
  errors: [],
};

/** `GET /v1/companies`. */
export const companiesRoute: LocalApiRoute = {
  method: 'GET',
  path: '/v1/companies',
  operationId: 'listCompanies',
  summary: 'The connected companies this key may use.',
  right: 'read',
  response: companiesResponseSchema,
  errors: [],
};

/** `POST /v1/companies/{databaseNumber}/access-token`. */
export const accessTokenRoute: LocalApiRoute = {
  method: 'POST',
  path: '/v1/companies/:databaseNumber/access-token',
  operationId: 'createAccessToken',
  summary: 'A Fortnox access token for the company with at least five minutes left, its expiry and scopes. Never a refresh token. Needs the "token" right.',
  right: 'token',
  params: companyParamsSchema,
  body: accessTokenRequestSchema,
  response: accessTokenResponseSchema,
  errors: [
    'invalid_request',
    'company_not_allowed',
    'right_not_granted',
    'company_not_found',
    'body_too_large',
    'unsupported_media_type',
    'company_needs_reconnect',
    'fortnox_unavailable',
  ],
};

/** `GET /v1/openapi.json`. */
export const openApiRoute: LocalApiRoute = {
  method: 'GET',
  path: '/v1/openapi.json',
  operationId: 'getOpenApiDocument',
  summary: 'This document.',
  right: 'read',
  response: openApiDocumentSchema,
  errors: [],
};

/** `ANY /v1/companies/{databaseNumber}/fortnox/{path}`. */
export const fortnoxProxyRoute: LocalApiRoute = {
  method: 'ANY',
  path: '/v1/companies/:databaseNumber/fortnox/*',
  operationId: 'callFortnox',
  summary:
    'Calls Fortnox\'s API (/3/... or /api/...) for the company with the app\'s access token; method, query, body and the Accept, Content-Type, Accept-Language, If-None-Match and If-Modified-Since headers pass through (never Authorization, Cookie or X-Forwarded-*), and Fortnox\'s answer streams back with its ETag and Last-Modified (or a 304). GET and HEAD need the "read" right, other methods "read-write"; with only "read", paths that send, print or book (a segment email, print, eprint, einvoice, externalprint, printreminder, bookkeep, cancel, credit, createinvoice, createorder, warehouseready, approvalbookkeep or approvalpayment, which Fortnox partly runs on GET) are refused with action_not_allowed. Shares the company\'s rate limit with the app and every tool.',
  right: 'read',
  params: fortnoxProxyParamsSchema,
  response: fortnoxProxyResponseSchema,
  errors: [
    'invalid_request',
    'invalid_path',
    'company_not_allowed',
    'right_not_granted',
    'action_not_allowed',
    'company_not_found',
    'body_too_large',
    'company_needs_reconnect',
    'rate_limited',
    'too_many_requests',
    'response_too_large',
    'fortnox_unavailable',
    'method_not_allowed',
  ],
};

/** Every route, in the order of the OpenAPI document. */
export const LOCAL_API_ROUTES: readonly LocalApiRoute[] = [healthRoute, companiesRoute, accessTokenRoute, fortnoxProxyRoute, openApiRoute];
