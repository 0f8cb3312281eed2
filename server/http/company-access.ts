import type { FastifyRequest } from 'fastify';
import { isTenantIdText, normalizeTenantId } from '../../shared/tenant-id';
import { companyAllowed, rightAllows } from '../../main/local-api/key-permissions';
import { LocalApiError } from '../../main/local-api/local-api-error';
import type { LocalApiRoute } from '../../main/local-api/local-api-routes';
import type { RouteContext } from './server-app';

/**
 * The tenant id of the company a keyed route names, checked in the local API's order
 * (main/local-api/local-api-server.ts `companyFor`): the database number's shape (the pattern its
 * schema is built from), the key's companies, the route's right, then the company connected. The
 * lookup takes the canonical id as a parameter: nothing from the URL becomes SQL text.
 */
export async function companyFor(context: RouteContext, request: FastifyRequest, route: LocalApiRoute): Promise<string> {
  const key = context.keyFor(request);
  const databaseNumber = (request.params as { databaseNumber?: unknown } | undefined)?.databaseNumber;
  if (typeof databaseNumber !== 'string' || !isTenantIdText(databaseNumber)) throw new LocalApiError('invalid_request');
  const tenantId = normalizeTenantId(databaseNumber);
  if (tenantId === undefined) throw new LocalApiError('company_not_found');
  if (!companyAllowed(key.companies, tenantId)) throw new LocalApiError('company_not_allowed');
  if (route.right && !rightAllows(key.right, route.right)) throw new LocalApiError('right_not_granted');
  const company = await context.deps.companies.one(tenantId);
  if (!company) throw new LocalApiError('company_not_found');
  // For the audit row (no second lookup).
  request.serverCompanyName = company.name;
  return tenantId;
}
