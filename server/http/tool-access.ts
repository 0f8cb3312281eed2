import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { localApiPath } from '../../main/local-api/audit-recording';
import type { FortnoxPathResult } from '../../main/local-api/fortnox-path';
import { accessTokenRoute, companiesRoute, fortnoxProxyRoute, openApiRoute } from '../../main/local-api/local-api-routes';
import { decodeKeyScope, KEY_SCOPE_HEADER } from '../../main/local-api/key-scope';
import { KEY_RIGHTS, type KeyCompanies, type KeyRight, type ToolKeyRecord } from '../../shared/local-api-keys';
import { normalizeTenantId } from '../../shared/tenant-id';
import type { FirmAuditEvent } from '../audit/firm-audit';
import type { SessionToolRight } from '../auth/session-tool-right';
import type { AuthenticatedSession } from '../auth/sessions';

/**
 * Who may use the firm server's tool routes, and what the audit records of them (issue 10 items 5
 * and 6). An integration key, as on the desktop's local API; or an accountant's server session
 * forwarded by the desktop's local API in firm mode, which must name the LOCAL key the tool
 * presented there (`X-Connector-Key-Scope`, main/local-api/key-scope.ts).
 *
 * The scope header is written by the desktop and is NOT a credential: whoever holds a session can
 * send any scope (`{"companies":"all","right":"token"}`). It only narrows on the desktop's behalf.
 * The ceiling is the server's own setting, SESSION_TOOL_RIGHT (server/config.ts): what any
 * accountant's session may do on the tool routes at most (`none` switches forwarding off firm-wide,
 * `read` allows proxied reads only, `read-write` every proxied call, `token` also raw access
 * tokens). The session gets the intersection of that ceiling and the declared scope, so the
 * desktop cannot widen it; without the header it is refused (a session alone is not a key). The
 * local key's name in the audit is as the desktop declared it ("declared local key"), not proven.
 */

/** Who a tool route's credential is: the integration key by its name, the session by its user's e-mail (and the local key's name). */
export interface ToolActor {
  kind: 'user' | 'key';
  name: string;
}

/**
 * What a session may do on the tool routes at most, before the declared local key narrows it:
 * every company, up to the server's ceiling (SESSION_TOOL_RIGHT); null when the ceiling is `none`.
 */
export function sessionRights(_session: AuthenticatedSession, ceiling: SessionToolRight): { companies: KeyCompanies; right: KeyRight } | null {
  return ceiling === 'none' ? null : { companies: 'all', right: ceiling };
}

/** The companies both allow (`all` is the other side's list; two lists, the tenant ids in both). */
export function intersectCompanies(a: KeyCompanies, b: KeyCompanies): KeyCompanies | [] {
  if (a === 'all') return b;
  if (b === 'all') return a;
  const other = new Set(b);
  return a.filter((tenantId) => other.has(tenantId));
}

/** The weaker of two rights (each right includes the ones before it). */
export function weakerRight(a: KeyRight, b: KeyRight): KeyRight {
  return KEY_RIGHTS.indexOf(a) <= KEY_RIGHTS.indexOf(b) ? a : b;
}

/** Every value of the scope header in the raw headers (a header sent twice is ambiguous: the caller refuses it). */
export function keyScopeValues(rawHeaders: readonly string[]): string[] {
  const values: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === KEY_SCOPE_HEADER) values.push(rawHeaders[index + 1] ?? '');
  }
  return values;
}

/** A session on the tool routes, as a key record and an actor; or why it is refused. */
export type SessionToolAccess =
  | { ok: true; key: ToolKeyRecord; actor: ToolActor }
  | { ok: false; code: 'key_scope_required' | 'invalid_request' | 'right_not_granted' };

/**
 * A session on the tool routes with the forwarding local key's declared scope (the header's
 * values): refused when the server's ceiling is `none` (`right_not_granted`), without a scope
 * (`key_scope_required`) or with a malformed or repeated one (`invalid_request`); else a key record
 * of the intersection of the ceiling and the scope, with its own id per session and local key (the
 * proxy's per-key in-flight cap), no hash, and the session's expiry.
 */
export function sessionToolAccess(session: AuthenticatedSession, scopeValues: readonly string[], ceiling: SessionToolRight): SessionToolAccess {
  const allowed = sessionRights(session, ceiling);
  if (!allowed) return { ok: false, code: 'right_not_granted' };
  if (scopeValues.length === 0) return { ok: false, code: 'key_scope_required' };
  const scope = scopeValues.length === 1 ? decodeKeyScope(scopeValues[0] ?? '') : undefined;
  if (!scope) return { ok: false, code: 'invalid_request' };
  const id = createHash('sha256').update(`firm-session:${session.sessionId}:${scope.name}`).digest('hex').slice(0, 16);
  const key: ToolKeyRecord = {
    id: `key_${id}`,
    name: scope.name,
    // An empty list (no company in both) allows none: every company route answers company_not_allowed.
    companies: intersectCompanies(allowed.companies, scope.companies) as KeyCompanies,
    right: weakerRight(allowed.right, scope.right),
    sha256: '0'.repeat(64),
    createdAt: 0,
    expiresAt: session.expiresAt,
    lastUsedAt: null,
    revokedAt: null,
  };
  // The name is the desktop's word for it (the header is not a credential): recorded as declared.
  return { ok: true, key, actor: { kind: 'user', name: `${session.user.email} (declared local key: ${scope.name})` } };
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
