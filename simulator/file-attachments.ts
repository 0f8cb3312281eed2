import type { ApiEndpoint } from './api-access';
import { jsonResult, type RouteRequest, type RouteResult } from './simulator-http';
import { API_SERVICES_PATH } from './simulator-paths';

/**
 * One resource of Fortnox's newer `/api/` services, so the local API's proxy is run end to end on
 * them too: `/api/fileattachments/attachments-v1`, which attaches archive files to documents.
 * Shape from Fortnox's published spec as SDKs generate it: `GET ?entityid=&entitytype=` lists the
 * attachments of documents as a bare JSON array in camelCase, `POST` takes an array of
 * `{entityId, entityType, fileId, includeOnSend}` and answers the created ones. Token checks, the
 * rate limit and faults are the same as `/3/` (they come from `apiRoute`).
 *
 * Conditional GETs: the list carries an `ETag` and a `Last-Modified`, and `If-None-Match` or
 * `If-Modified-Since` that still match get `304` with no body (RFC 9110 sections 13.1.1-13.1.3).
 * Whether Fortnox's services do so is UNCONFIRMED; the simulator does, so the proxy's passing of
 * these headers both ways is tested. The scope is `connectfile` ("File Connection", fortnox.md
 * section 6); which scope Fortnox checks here is UNCONFIRMED too.
 */

/** The document types the service knows (order-offer, order, invoice, customer, supplier invoice/goods). */
const ENTITY_TYPES = new Set(['OF', 'O', 'F', 'C', 'LGR_IO', 'LGR_IG']);
/** The path under `/api/`. */
export const FILE_ATTACHMENTS_NAME = 'fileattachments/attachments-v1';
/** The full path of the resource, for tests. */
export const FILE_ATTACHMENTS_PATH = `${API_SERVICES_PATH}${FILE_ATTACHMENTS_NAME}`;

/** One attachment as the service answers it. */
export interface FileAttachment {
  id: string;
  entityId: number;
  entityType: string;
  fileId: string;
  includeOnSend: boolean;
}

function errorResult(status: number, message: string, code: number): RouteResult {
  return jsonResult(status, { ErrorInformation: { error: 1, message, code } });
}

/** The new attachments of a POST body, or undefined when it is not an array of valid ones. */
function parseNewAttachments(text: string): Omit<FileAttachment, 'id'>[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > 50) return undefined;
  const parsed: Omit<FileAttachment, 'id'>[] = [];
  for (const item of value as unknown[]) {
    const each = (item ?? {}) as Record<string, unknown>;
    if (typeof each.entityId !== 'number' || !Number.isInteger(each.entityId) || each.entityId < 1) return undefined;
    if (typeof each.entityType !== 'string' || !ENTITY_TYPES.has(each.entityType)) return undefined;
    if (typeof each.fileId !== 'string' || !/^[0-9a-f-]{1,64}$/.test(each.fileId)) return undefined;
    parsed.push({ entityId: each.entityId, entityType: each.entityType, fileId: each.fileId, includeOnSend: each.includeOnSend === true });
  }
  return parsed;
}

/** Whether a conditional GET still matches what the client has (then 304). */
function notModified(request: RouteRequest, etag: string, modifiedAt: number): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) return ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
  const since = Date.parse(request.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(modifiedAt / 1000) * 1000 <= since;
}

/** `GET` and `POST /api/fileattachments/attachments-v1`, per tenant, in memory, on the simulator's clock. */
export function fileAttachmentsEndpoint(now: () => number): ApiEndpoint {
  const byTenant = new Map<number, { list: FileAttachment[]; version: number; modifiedAt: number }>();
  const stateOf = (tenantId: number) => {
    let state = byTenant.get(tenantId);
    if (!state) {
      state = { list: [{ id: '00000000-0000-4000-8000-000000000001', entityId: 1, entityType: 'F', fileId: 'f00d', includeOnSend: true }], version: 1, modifiedAt: now() };
      byTenant.set(tenantId, state);
    }
    return state;
  };
  return {
    name: FILE_ATTACHMENTS_NAME,
    root: API_SERVICES_PATH,
    scope: 'connectfile',
    methods: ['GET', 'POST'],
    async handle(claims, request) {
      const state = stateOf(claims.tenantId);
      if (request.method === 'POST') {
        const added = parseNewAttachments(await request.text());
        if (!added) return errorResult(400, 'Ogiltig begäran.', 2001392);
        const created = added.map((each, i) => ({ id: `00000000-0000-4000-8000-${String(state.list.length + i + 1).padStart(12, '0')}`, ...each }));
        state.list.push(...created);
        state.version += 1;
        state.modifiedAt = now();
        return jsonResult(200, created);
      }
      const type = request.url.searchParams.get('entitytype') ?? '';
      const ids = request.url.searchParams.getAll('entityid').flatMap((value) => value.split(','));
      if (!ENTITY_TYPES.has(type) || ids.length === 0 || !ids.every((id) => /^[1-9][0-9]{0,9}$/.test(id))) {
        return errorResult(400, 'Ogiltig parameter.', 2000588);
      }
      const etag = `"attachments-${claims.tenantId}-${state.version}"`;
      const lastModified = new Date(state.modifiedAt).toUTCString();
      if (notModified(request, etag, state.modifiedAt)) {
        return { status: 304, headers: { etag, 'last-modified': lastModified, 'cache-control': 'no-cache' }, body: '' };
      }
      const found = state.list.filter((each) => each.entityType === type && ids.includes(String(each.entityId)));
      const listed = jsonResult(200, found);
      return { ...listed, headers: { ...listed.headers, 'cache-control': 'no-cache', etag, 'last-modified': lastModified } };
    },
  };
}
