import type { AccessTokenResponse } from '../../shared/local-api-schemas';
import type { HandedAccessToken } from './access-token-source';

/** Companies whose latest answer is kept at most; past it the kept answers are forgotten and built again. */
export const MAX_KEPT_TOKEN_ANSWERS = 1_000;

interface KeptAnswer {
  accessToken: string;
  expiresAt: number;
  expiresIn: number;
  scopes: readonly string[];
  json: string;
}

function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let at = 0; at < a.length; at += 1) if (a[at] !== b[at]) return false;
  return true;
}

/**
 * The JSON answers of `POST /v1/companies/{databaseNumber}/access-token`. A company's answer only
 * changes when its token, expiry or scopes change, or when a second passes (`expiresIn`), so the
 * latest one is kept per company and handed out again while all of those are the same, instead of
 * being built and serialised for every request of a tool that asks many times a second. Built
 * field by field as the schema's TypeScript type, so an undeclared field (a refresh token) does
 * not compile. Holds nothing that the token keeper does not already hold in memory.
 */
export class AccessTokenAnswers {
  private readonly kept = new Map<string, KeptAnswer>();

  /** The answer's JSON for `tenantId` with `handed` at `now` (epoch ms). */
  body(tenantId: string, handed: HandedAccessToken, now: number): string {
    const expiresIn = Math.max(0, Math.floor((handed.expiresAt - now) / 1000));
    const kept = this.kept.get(tenantId);
    if (
      kept !== undefined &&
      kept.expiresIn === expiresIn &&
      kept.expiresAt === handed.expiresAt &&
      kept.accessToken === handed.accessToken &&
      sameScopes(kept.scopes, handed.scopes)
    ) {
      return kept.json;
    }
    const answer: AccessTokenResponse = {
      accessToken: handed.accessToken,
      tokenType: 'bearer',
      expiresAt: new Date(handed.expiresAt).toISOString(),
      expiresIn,
      scopes: [...handed.scopes],
      databaseNumber: tenantId,
    };
    const json = JSON.stringify(answer);
    if (kept === undefined && this.kept.size >= MAX_KEPT_TOKEN_ANSWERS) this.kept.clear();
    this.kept.set(tenantId, { accessToken: handed.accessToken, expiresAt: handed.expiresAt, expiresIn, scopes: [...handed.scopes], json });
    return json;
  }

  /** Forgets the answer kept for `tenantId` (the company was disconnected, or has no token). */
  forget(tenantId: string): void {
    this.kept.delete(tenantId);
  }

  /** Whether an answer is kept for `tenantId` (tests). */
  holds(tenantId: string): boolean {
    return this.kept.has(tenantId);
  }
}
