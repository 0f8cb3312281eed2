import { z } from 'zod';
import { CONTROL, endpointUrl, HOSTNAME, list, PRINTABLE, type EnvReader } from './env-reader';
import { SecretText } from './secret-text';
import { readSecretVariable, type Env, type EnvProblem } from './secret-variables';

/** The desktop app's public client at the firm's provider (PKCE, loopback redirect), for `GET /v1/firm/sign-in`. */
export interface DesktopOidcClient {
  clientId: string;
  /** What the desktop asks the provider for: `openid` first, and the scope that makes the access token's audience this server. */
  scopes: string[];
  /**
   * OIDC_DESKTOP_CLIENT_SECRET: the "client secret" some providers demand of a desktop client at
   * their token endpoint even with PKCE (Google's "Desktop app" clients). It is not confidential
   * (Google: installed apps cannot keep secrets, and it ships to every desktop), but it is still
   * never logged: the server hands it to desktops in its sign-in options only.
   */
  clientSecret?: SecretText | null;
}

/** The scopes the desktop asks for when OIDC_SCOPES is not set (plus OIDC_API_SCOPE when it is). */
export const DEFAULT_OIDC_SCOPES = ['openid', 'profile', 'email'] as const;

/** Sign-in of accountants with the firm's OpenID Connect provider (issue 10 item 4). */
export interface OidcSettings {
  /**
   * OIDC_ISSUER as configured (trimmed, checked as an https URL but not rewritten): what the
   * provider writes in `iss` and what the desktop discovers, so `https://accounts.google.com` stays
   * without the slash `new URL().href` would add.
   */
  issuer: string;
  /**
   * OIDC_AUDIENCE: the `aud` of access tokens issued for this server's API. Null when it is not
   * set, which needs OIDC_DESKTOP_CLIENT_ID: a provider without access tokens for the server
   * (Google) signs in with ID tokens bound to a server-issued nonce (oidc-verifier.ts).
   */
  audience: string | null;
  /** Lower-case. */
  adminEmails: string[];
  adminGroups: string[];
  accountantGroups: string[];
  /** Lower-case. */
  accountantEmailDomains: string[];
  /** The desktop app's client at the provider (OIDC_DESKTOP_CLIENT_ID, OIDC_SCOPES); absent or null: the desktop is not offered the provider. */
  desktopClient?: DesktopOidcClient | null;
}

/** One scope as OAuth writes it (RFC 6749 section 3.3: printable ASCII without space, quote or backslash). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/;

const schemas = {
  issuer: z.string().superRefine((value, ctx) => {
    const checked = endpointUrl().safeParse(value);
    if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
  }),
  desktopClientId: z.string().regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 printable characters without spaces, as the identity provider shows the app registration\'s client id'),
  apiScope: z.string().regex(SCOPE_TOKEN, 'must be one scope: 1 to 100 printable characters without spaces, quotes or backslashes'),
  scopes: z.string().transform((value, ctx) => {
    const items = value.split(/[\s,]+/).filter(Boolean);
    if (items.length > 20) {
      ctx.addIssue({ code: 'custom', message: `lists ${items.length} scopes; at most 20` });
      return z.NEVER;
    }
    items.forEach((item, index) => {
      if (!SCOPE_TOKEN.test(item)) ctx.addIssue({ code: 'custom', message: `entry ${index + 1} is not a scope (1 to 100 printable characters without spaces, quotes or backslashes)` });
    });
    if (!items.includes('openid')) ctx.addIssue({ code: 'custom', message: 'must include openid (the desktop signs in with OpenID Connect)' });
    return [...new Set(items)];
  }),
  audience: z.string().regex(/^[\x21-\x7e]{1,500}$/, 'must be 1 to 500 printable characters without spaces'),
  emails: list(200, (item) => (z.email().max(320).safeParse(item).success ? { value: item.toLowerCase() } : { problem: 'is not an e-mail address' })),
  groups: list(200, (item) => (item.length <= 256 && !CONTROL.test(item) ? { value: item } : { problem: 'is not a group name or id (1 to 256 characters, no control characters)' })),
  domains: list(50, (item) => (HOSTNAME.test(item) && item.includes('.') ? { value: item.toLowerCase() } : { problem: 'is not a domain name such as firm.se' })),
};

const OIDC_ROLE_VARIABLES = ['OIDC_ADMIN_EMAILS', 'OIDC_ADMIN_GROUPS', 'OIDC_ACCOUNTANT_GROUPS', 'OIDC_ACCOUNTANT_EMAIL_DOMAINS'] as const;
const OIDC_DESKTOP_VARIABLES = ['OIDC_DESKTOP_CLIENT_ID', 'OIDC_SCOPES', 'OIDC_API_SCOPE'] as const;
const DESKTOP_SECRET_EXAMPLE = '/run/secrets/oidc-desktop-client-secret';

/** OIDC_DESKTOP_CLIENT_SECRET or its _FILE, checked (1 to 500 printable characters); problems name the variable, never the value. */
function readDesktopClientSecret(reader: EnvReader, env: Env): SecretText | null {
  const problems: EnvProblem[] = [];
  const given = readSecretVariable(env, 'OIDC_DESKTOP_CLIENT_SECRET', problems, DESKTOP_SECRET_EXAMPLE);
  reader.problems.push(...problems);
  if (!given) return null;
  const value = given.text.trim();
  if (value.length > 500 || !PRINTABLE.test(value)) {
    reader.report(given.variable, 'must hold 1 to 500 printable characters without spaces, as the identity provider shows the client secret', `OIDC_DESKTOP_CLIENT_SECRET_FILE=${DESKTOP_SECRET_EXAMPLE}`);
    return null;
  }
  if (!reader.has('OIDC_DESKTOP_CLIENT_ID')) {
    reader.report(given.variable, 'is set but OIDC_DESKTOP_CLIENT_ID is not: the secret belongs to the desktop app\'s client', 'OIDC_DESKTOP_CLIENT_ID=<the desktop app registration\'s client id>');
    return null;
  }
  return new SecretText(value);
}

/** Reads the OpenID Connect settings; all optional, but those given must fit together. */
export function readOidc(reader: EnvReader, env: Env = {}): OidcSettings | null {
  const issuerExample = 'OIDC_ISSUER=https://login.microsoftonline.com/<tenant id>/v2.0';
  const issuer = reader.read('OIDC_ISSUER', schemas.issuer, issuerExample);
  const audience = reader.read('OIDC_AUDIENCE', schemas.audience, 'OIDC_AUDIENCE=api://fortnox-connector', 500);
  const adminEmails = reader.read('OIDC_ADMIN_EMAILS', schemas.emails, 'OIDC_ADMIN_EMAILS=anna@firm.se,bo@firm.se', 200 * 330) ?? [];
  const adminGroups = reader.read('OIDC_ADMIN_GROUPS', schemas.groups, 'OIDC_ADMIN_GROUPS=<group object id>', 200 * 260) ?? [];
  const accountantGroups = reader.read('OIDC_ACCOUNTANT_GROUPS', schemas.groups, 'OIDC_ACCOUNTANT_GROUPS=<group object id>', 200 * 260) ?? [];
  const accountantEmailDomains = reader.read('OIDC_ACCOUNTANT_EMAIL_DOMAINS', schemas.domains, 'OIDC_ACCOUNTANT_EMAIL_DOMAINS=firm.se', 50 * 260) ?? [];
  const desktopClientId = reader.read('OIDC_DESKTOP_CLIENT_ID', schemas.desktopClientId, 'OIDC_DESKTOP_CLIENT_ID=<the desktop app registration\'s client id>', 200);
  const apiScope = reader.read('OIDC_API_SCOPE', schemas.apiScope, 'OIDC_API_SCOPE=api://fortnox-connector/access_as_user', 100);
  const scopes = reader.read('OIDC_SCOPES', schemas.scopes, 'OIDC_SCOPES=openid profile email api://fortnox-connector/access_as_user', 20 * 110);
  const desktopClientSecret = readDesktopClientSecret(reader, env);
  if (reader.has('OIDC_SCOPES') && reader.has('OIDC_API_SCOPE')) {
    reader.report('OIDC_API_SCOPE', 'is set together with OIDC_SCOPES: OIDC_SCOPES is the whole list, so add the API scope there', 'OIDC_SCOPES=openid profile email api://fortnox-connector/access_as_user');
  }
  for (const name of ['OIDC_SCOPES', 'OIDC_API_SCOPE'] as const) {
    if (reader.has(name) && !reader.has('OIDC_DESKTOP_CLIENT_ID')) {
      reader.report(name, 'is set but OIDC_DESKTOP_CLIENT_ID is not: the scopes are what the desktop app asks for with its client id', 'OIDC_DESKTOP_CLIENT_ID=<the desktop app registration\'s client id>');
    }
  }

  if (!reader.has('OIDC_ISSUER')) {
    for (const name of ['OIDC_AUDIENCE', ...OIDC_ROLE_VARIABLES, ...OIDC_DESKTOP_VARIABLES]) {
      if (reader.has(name)) reader.report(name, 'is set but OIDC_ISSUER is not: sign-in with an identity provider needs its issuer', issuerExample);
    }
    return null;
  }
  if (!reader.has('OIDC_AUDIENCE') && !reader.has('OIDC_DESKTOP_CLIENT_ID')) {
    reader.report(
      'OIDC_AUDIENCE',
      'or OIDC_DESKTOP_CLIENT_ID is required with OIDC_ISSUER: the audience (aud) of the access tokens issued for this server, or the desktop client whose ID tokens sign in (Google)',
      'OIDC_AUDIENCE=api://fortnox-connector',
    );
  }
  if (!issuer || (!audience && !desktopClientId)) return null;
  if (adminEmails.length === 0 && adminGroups.length === 0) {
    reader.notices.push('OIDC_ADMIN_EMAILS and OIDC_ADMIN_GROUPS are both empty: nobody who signs in is an administrator.');
  }
  if (!reader.has('OIDC_DESKTOP_CLIENT_ID')) {
    reader.notices.push('OIDC_DESKTOP_CLIENT_ID is not set: desktop apps are not offered the identity provider and sign in with pairing codes only.');
  }
  const desktopClient: DesktopOidcClient | null = desktopClientId
    ? { clientId: desktopClientId, scopes: scopes ?? [...DEFAULT_OIDC_SCOPES, ...(apiScope ? [apiScope] : [])], ...(desktopClientSecret ? { clientSecret: desktopClientSecret } : {}) }
    : null;
  return { issuer, audience: audience ?? null, adminEmails, adminGroups, accountantGroups, accountantEmailDomains, desktopClient };
}
