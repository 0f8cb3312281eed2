import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { localApiPath } from '../../main/local-api/audit-recording';
import type { FortnoxPathResult } from '../../main/local-api/fortnox-path';
import { accessTokenRoute, companiesRoute, fortnoxProxyRoute, openApiRoute } from '../../main/local-api/local-api-routes';
import type { ToolKeyRecord } from '../../shared/local-api-keys';
import { normalizeTenantId } from '../../shared/tenant-id';
import type { FirmAuditEvent } from '../audit/firm-audit';
import type { AuthenticatedSession } from '../auth/sessions';

/**
 * Who may use the firm server's tool routes, and what the audit records of them (issue 10 items 5
 * and 6). An integration key, as on the desktop's local API; or an accountant's server session, so
 * the desktop's local API in firm mode can forward its tools' calls under the accountant's session:
 * any role, every company, the full right (what the accountant could do in the app anyway).
 */

/** Who a tool route's credential is: the integration key by its name, the session by its user's e-mail. */
export interface ToolActor {
  kind: 'user' | 'key';
  name: string;
}

/**
 * A session as the tool routes' key record: every company, the `token` right (each right includes
 * the ones before it), its own id (so the proxy's per-key in-flight cap is per session), no hash.
 */
export function sessionAsKey(session: AuthenticatedSession): ToolKeyRecord {
  const id = createHash('sha256').update(`firm-session:${session.sessionId}`).digest('hex').slice(0, 16);
  return {
    id: `key_${id}`,
    name: 'server session',
    companies: 'all',
    right: 'token',
    sha256: '0'.repeat(64),
    createdAt: 0,
    expiresAt: session.expiresAt,
    lastUsedAt: null,
    revokedAt: null,
  };
}

/** The tool routes the audit covers (health needs no credential and is not recorded). */
const AUDITED_ROUTES: ReadonlySet<string> = new Set([companiesRoute.path, accessTokenRoute.path, fortnoxProxyRoute.path, openApiRoute.path]);

/** Statuses of refusals (as the desktop's audit log: no credential, not allowed, too many). */
const REFUSAL_STATUSES: ReadonlySet<number> = new Set([401, 403, 429]);

/**
 * The audit row of a tool request, once answered: every access-token request (`token`), every
 * proxied call (`proxy`: method and Fortnox path without the query, Fortnox's status), and every
 * refusal by the server itself on any tool route (`refused`: no or a bad credential, a web page,
 * another company, a missing right, a full queue). Undefined for what is not recorded (a listing,
 * the OpenAPI document, an unknown route). Never the target as sent: its query may hold anything.
 */
export function toolAuditEvent(
  request: FastifyRequest,
  status: number,
  proxyTarget: (request: FastifyRequest) => FortnoxPathResult | undefined,
): FirmAuditEvent | undefined {
  const pattern = request.routeOptions.url;
  if (pattern === undefined || !AUDITED_ROUTES.has(pattern)) return undefined;
  const databaseNumber = (request.params as { databaseNumber?: unknown } | undefined)?.databaseNumber;
  const tenantId = typeof databaseNumber === 'string' ? (normalizeTenantId(databaseNumber) ?? null) : null;
  const method = request.raw.method ?? null;
  const target = pattern === fortnoxProxyRoute.path ? proxyTarget(request) : undefined;
  const path = pattern === fortnoxProxyRoute.path ? (target?.ok ? target.path : null) : localApiPath(pattern, tenantId);
  const common = { actor: request.serverActor, tenantId, companyName: request.serverCompanyName ?? null, method, path, status };
  if (request.serverErrorCode !== null && REFUSAL_STATUSES.has(status)) return { action: 'refused', ...common };
  if (pattern === accessTokenRoute.path) return { action: 'token', ...common };
  if (pattern === fortnoxProxyRoute.path) return { action: 'proxy', ...common };
  return undefined;
}
