import { z } from 'zod';
import { COMPANY_NAME_MAX, grantedScopeSchema, MAX_GRANTED_SCOPES, ORGANIZATION_NUMBER_MAX } from './company-record';
import { CONNECTION_STATUSES } from './connection-issues';
import { TENANT_ID_PATTERN } from './tenant-id';

/**
 * The zod schemas of the local API's requests and answers (issue 8). The server validates with
 * them, and `/v1/openapi.json` is generated from them, so the document cannot drift from the code.
 * Answers are strict objects: a field not declared here (a refresh token) cannot slip out.
 */

/** Fortnox's database number (the tenant id) as it appears in a path: decimal digits. */
export const databaseNumberParamSchema = z
  .string()
  .regex(TENANT_ID_PATTERN)
  .meta({
    description: "Fortnox's database number (tenant id) of the company.",
    examples: ['1234567'],
  });

/** Path parameters of the company routes. */
export const companyParamsSchema = z.strictObject({
  databaseNumber: databaseNumberParamSchema,
});

/** `GET /v1/health`: the server is up, and nothing else. */
export const healthResponseSchema = z.strictObject({ status: z.literal('up') });
/** `GET /v1/health`'s answer. */
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** One company a key may use. */
export const apiCompanySchema = z.strictObject({
  name: z.string().max(COMPANY_NAME_MAX).nullable(),
  organizationNumber: z.string().max(ORGANIZATION_NUMBER_MAX).nullable(),
  databaseNumber: z.string().regex(/^[0-9]{1,20}$/),
  accountType: z.enum(['user', 'service']),
  scopes: z.array(grantedScopeSchema).max(MAX_GRANTED_SCOPES),
  status: z.enum(CONNECTION_STATUSES),
});

/** A company as the API lists it. */
export type ApiCompany = z.infer<typeof apiCompanySchema>;

/** `GET /v1/companies`. */
export const companiesResponseSchema = z.strictObject({
  companies: z.array(apiCompanySchema),
});
/** `GET /v1/companies`' answer. */
export type CompaniesResponse = z.infer<typeof companiesResponseSchema>;

/** `POST /v1/companies/{databaseNumber}/access-token`: no body, or an empty JSON object. */
export const accessTokenRequestSchema = z.strictObject({}).optional();

/** A Fortnox access token handed to a tool: never a refresh token. */
export const accessTokenResponseSchema = z.strictObject({
  accessToken: z.string().min(1).max(8192),
  tokenType: z.literal('bearer'),
  /** ISO 8601, UTC. At least five minutes ahead when handed out. */
  expiresAt: z.iso.datetime(),
  expiresIn: z.number().int().min(0),
  scopes: z.array(grantedScopeSchema).max(MAX_GRANTED_SCOPES),
  databaseNumber: z.string().regex(/^[0-9]{1,20}$/),
});

/** An access-token answer. */
export type AccessTokenResponse = z.infer<typeof accessTokenResponseSchema>;

/** `GET /v1/openapi.json`: an OpenAPI 3.1 document (its paths are generated from the schemas above). */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

/** Path parameters of the Fortnox proxy route, as the OpenAPI document describes them. */
export const fortnoxProxyParamsSchema = z.strictObject({
  databaseNumber: databaseNumberParamSchema,
  path: z.string().meta({
    description: "The Fortnox API path after /fortnox/: '3/...' (the classic API) or 'api/...' (the newer services), with its query.",
    examples: ['3/invoices'],
  }),
});

/** A proxied Fortnox answer: whatever Fortnox sent (usually JSON), streamed back. */
export const fortnoxProxyResponseSchema = z.unknown().meta({ description: "Fortnox's answer, as Fortnox sent it." });
