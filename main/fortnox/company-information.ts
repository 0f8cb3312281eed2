import { z } from 'zod';
import { COMPANY_NAME_MAX, ORGANIZATION_NUMBER_MAX } from '../../shared/company-record';
import { COMPANY_INFORMATION_SCOPE } from '../../shared/scope-names';
import { normalizeTenantId } from '../../shared/tenant-id';
import { cleanText } from '../../shared/untrusted-text';
import { readAccessTokenClaims } from './access-token-claims';
import { FortnoxCallError, RAW_DESCRIPTION_MAX } from './fortnox-call-error';
import { API_RESPONSE_MAX_BYTES, parseJsonBody, retryAfterMs, sendHttp, TransportError, type HttpAnswer, type HttpFetch } from './fortnox-http';

/** The company behind a token, from `GET /3/companyinformation`. */
export interface CompanyInformation {
  companyName: string | null;
  organizationNumber: string | null;
  /** `DatabaseNumber`, which equals the tenant id (fortnox.md section 8), as a string. */
  tenantId: string | null;
}

/** `DatabaseNumber` is int32 in Fortnox's spec and a string in an SDK: accept both. */
const companyInformationSchema = z.object({
  CompanyInformation: z.object({
    // Long values are cut below rather than refused (issue 7, finding 3).
    CompanyName: z.string().max(10_000).nullish(),
    OrganizationNumber: z.string().max(1_000).nullish(),
    DatabaseNumber: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).nullish(),
  }),
});

/**
 * Reads Fortnox's resource-API error, whose keys come in both casings (`error`/`Error`,
 * `message`/`Message`, `code`/`Code`; section 10).
 */
export function readErrorInformation(body: unknown): { code?: string; message?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const wrapper = Object.entries(body).find(([key]) => key.toLowerCase() === 'errorinformation')?.[1];
  if (typeof wrapper !== 'object' || wrapper === null) return {};
  const field = (name: string) => Object.entries(wrapper).find(([key]) => key.toLowerCase() === name)?.[1];
  const code = field('code');
  const message = field('message');
  return {
    ...(typeof code === 'number' || typeof code === 'string' ? { code: String(code).slice(0, 20) } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  };
}

/** Licence errors: 2001101 "no active licence for the scope", 2001103 "no API licence" (section 10). */
const LICENCE_CODES = new Set(['2001101', '2001103']);

/** Maps a failed resource-API answer to a typed error. */
export function apiErrorFrom(answer: HttpAnswer, now: number): FortnoxCallError {
  const { status } = answer;
  if (status === 429) {
    const wait = retryAfterMs(answer.retryAfter, now);
    return new FortnoxCallError('rate_limited', { status, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
  }
  const info = readErrorInformation(parseJsonBody(answer));
  // Kept raw (bounded): secrets are masked where it is shown, before any cut (fortnoxText).
  const description = info.message?.slice(0, RAW_DESCRIPTION_MAX) || undefined;
  const details = {
    status,
    ...(info.code ? { fortnoxCode: info.code } : {}),
    ...(description ? { description } : {}),
  };
  if (info.code && LICENCE_CODES.has(info.code)) return new FortnoxCallError('no_license', details);
  // Fortnox documents 403 for failed authentication and clients also see 401 (UNCONFIRMED which).
  if (status === 401 || info.code === '2000310' || info.code === '2000311') return new FortnoxCallError('unauthorized', details);
  if (status === 403) return new FortnoxCallError('missing_scope', details);
  if (status >= 500) return new FortnoxCallError('server_error', details);
  return new FortnoxCallError('invalid_response', details);
}

/** Calls `GET /3/companyinformation` with a bearer token. */
export async function fetchCompanyInformation(
  fetcher: HttpFetch,
  apiBaseUrl: string,
  accessToken: string,
  now: () => number,
  timeoutMs?: number,
): Promise<CompanyInformation> {
  let answer: HttpAnswer;
  try {
    answer = await sendHttp(
      fetcher,
      new URL('companyinformation', apiBaseUrl).href,
      { method: 'GET', headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } },
      timeoutMs,
      API_RESPONSE_MAX_BYTES,
    );
  } catch (error) {
    if (error instanceof TransportError) throw new FortnoxCallError(error.reason);
    throw error;
  }
  if (answer.status !== 200) {
    const error = apiErrorFrom(answer, now());
    // A token without the scope gets 403 with the licence code 2001101 as well (the simulator does
    // so; fortnox.md section 12, pitfalls 4 and 5). The token's own scopes tell the two apart.
    const scopes = readAccessTokenClaims(accessToken)?.scopes;
    if (error.issue === 'no_license' && scopes && !scopes.includes(COMPANY_INFORMATION_SCOPE)) {
      throw new FortnoxCallError('missing_scope', error.details);
    }
    throw error;
  }
  const parsed = companyInformationSchema.safeParse(parseJsonBody(answer));
  if (!parsed.success) throw new FortnoxCallError('invalid_response', { status: answer.status });
  const info = parsed.data.CompanyInformation;
  return {
    companyName: cleanText(info.CompanyName, COMPANY_NAME_MAX) ?? null,
    organizationNumber: cleanText(info.OrganizationNumber, ORGANIZATION_NUMBER_MAX) ?? null,
    // Canonical form ("0012345" is 12345); a zero or missing number names no company.
    tenantId: normalizeTenantId(info.DatabaseNumber) ?? null,
  };
}
