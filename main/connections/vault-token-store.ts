import { z } from 'zod';
import { isTenantIdText } from '../../shared/tenant-id';
import type { KnownSecrets } from '../logging/known-secrets';
import type { SecretVault } from '../storage/secret-vault';
import type { TokenEntry } from './attention-register';
import type { StoredTokens, TokenStore } from './token-keeper';

const storedTokensSchema = z.object({
  accessToken: z.string().min(1),
  /** Null for an access-only connection (no offline access, so Fortnox issued no refresh token). */
  refreshToken: z.string().min(1).nullable(),
  accessTokenExpiresAt: z.number(),
  refreshTokenIssuedAt: z.number(),
  scopes: z.array(z.string()),
});

const PREFIX = 'tokens:';

/** The vault entry name of a company's tokens. */
export function tokenEntryName(tenantId: string): string {
  return `${PREFIX}${tenantId}`;
}

/** Tokens kept in the encrypted vault, one entry per company, parsed with zod when read. */
export function vaultTokenStore(
  vault: SecretVault,
  secrets?: KnownSecrets,
): TokenStore & { peek(tenantId: string): Readonly<StoredTokens> | undefined; remove(tenantId: string): Promise<void>; entries(): TokenEntry[] } {
  const track = (tokens: StoredTokens) => {
    secrets?.add(tokens.accessToken);
    if (tokens.refreshToken !== null) secrets?.add(tokens.refreshToken);
  };
  // The last entry read per company and its parsed pair: the local API reads the pair on every
  // request, and an unchanged entry (the same string from the vault) need not be parsed again.
  const lastRead = new Map<string, { raw: string; tokens: StoredTokens }>();
  const copy = (tokens: StoredTokens): StoredTokens => ({ ...tokens, scopes: [...tokens.scopes] });
  /** The memo's own copy, frozen: `peek` hands it out as it is, so no caller can change what later reads copy. */
  const frozen = (tokens: StoredTokens): StoredTokens => Object.freeze({ ...tokens, scopes: Object.freeze([...tokens.scopes]) as string[] });
  return {
    async read(tenantId) {
      const raw = await vault.get(tokenEntryName(tenantId));
      if (raw === undefined) return undefined;
      const last = lastRead.get(tenantId);
      if (last?.raw === raw) {
        track(last.tokens);
        return copy(last.tokens);
      }
      try {
        const parsed = storedTokensSchema.safeParse(JSON.parse(raw));
        if (!parsed.success) return undefined;
        track(parsed.data);
        lastRead.set(tenantId, { raw, tokens: frozen(parsed.data) });
        return parsed.data;
      } catch {
        return undefined;
      }
    },
    peek(tenantId) {
      const raw = vault.peek?.(tokenEntryName(tenantId));
      if (raw === undefined) return undefined;
      const last = lastRead.get(tenantId);
      // Only the parsed pair of an unchanged entry: a changed one is parsed by `read`, off this path.
      if (last?.raw !== raw) return undefined;
      track(last.tokens);
      return last.tokens;
    },
    write: (tenantId, tokens: StoredTokens) => {
      track(tokens);
      return vault.set(tokenEntryName(tenantId), JSON.stringify(tokens));
    },
    remove: (tenantId) => {
      lastRead.delete(tenantId);
      return vault.delete(tokenEntryName(tenantId));
    },
    entries: () => {
      const tenantOf = (name: string) => (name.startsWith(PREFIX) ? name.slice(PREFIX.length) : undefined);
      const entries: TokenEntry[] = [];
      for (const [names, readable] of [[vault.names(), true], [vault.undecryptable(), false]] as const) {
        for (const name of names) {
          const tenantId = tenantOf(name);
          if (tenantId !== undefined && isTenantIdText(tenantId)) entries.push({ tenantId, readable });
        }
      }
      return entries;
    },
  };
}
