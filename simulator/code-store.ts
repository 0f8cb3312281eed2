import type { ScopeName } from '../shared/scope-names';
import { randomToken } from './random-token';

/** Authorization codes live 10 minutes and can be used once (fortnox.md section 2, S2/S17). */
export const AUTHORIZATION_CODE_LIFETIME_MS = 10 * 60 * 1000;

/** One authorization code and everything the token endpoint needs to redeem it. */
export interface IssuedCode {
  code: string;
  clientId: string;
  /** The redirect URI the code was sent to (the registered one when the request left it out). */
  redirectUri: string;
  /** Whether the authorize request named `redirect_uri` itself; the token call must repeat it then. */
  redirectUriSent: boolean;
  scopes: ScopeName[];
  tenantId: number;
  username: string;
  serviceAccount: boolean;
  /** The request's `access_type` as sent (Fortnox asks for `offline`), or null when left out. */
  accessType: string | null;
  /** The `state` the authorize request carried (before any tampering control changed the redirect). */
  state: string;
  issuedAt: number;
  expiresAt: number;
  used: boolean;
}

/** The fields of a new code that the authorization flow knows. */
export type NewCode = Omit<IssuedCode, 'code' | 'issuedAt' | 'expiresAt' | 'used'>;

/** All codes the simulator has issued, in order, looked up by code. */
export class CodeStore {
  private readonly codes = new Map<string, IssuedCode>();

  constructor(private readonly now: () => number) {}

  /** Issues a fresh random code for `fields`, valid for 10 minutes from now. */
  issue(fields: NewCode): IssuedCode {
    let code = randomToken(32);
    while (this.codes.has(code)) code = randomToken(32);
    const issuedAt = this.now();
    const record: IssuedCode = {
      ...fields,
      scopes: [...fields.scopes],
      code,
      issuedAt,
      expiresAt: issuedAt + AUTHORIZATION_CODE_LIFETIME_MS,
      used: false,
    };
    this.codes.set(code, record);
    return record;
  }

  /** The stored record for `code` (mutable, for the token endpoint), or undefined. */
  find(code: string): IssuedCode | undefined {
    return this.codes.get(code);
  }

  /** Copies of every record, oldest first, safe for tests to keep. */
  list(): IssuedCode[] {
    return [...this.codes.values()].map((record) => ({ ...record, scopes: [...record.scopes] }));
  }
}
