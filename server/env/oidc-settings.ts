import { z } from 'zod';
import { CONTROL, endpointUrl, HOSTNAME, list, type EnvReader } from './env-reader';

/** Sign-in of accountants with the firm's OpenID Connect provider (issue 10 item 4). */
export interface OidcSettings {
  issuer: string;
  audience: string;
  /** Lower-case. */
  adminEmails: string[];
  adminGroups: string[];
  accountantGroups: string[];
  /** Lower-case. */
  accountantEmailDomains: string[];
  /**
   * The desktop app's public client at the provider (PKCE, loopback redirect) and the scopes it asks
   * for, offered to desktops by `GET /v1/firm/sign-in`; null: desktops sign in with pairing codes.
   */
  desktopClient?: { clientId: string; scopes: string[] } | null;
}

/** What the desktop asks for when OIDC_DESKTOP_SCOPES is not set. */
export const DEFAULT_DESKTOP_SCOPES = ['openid', 'email', 'profile'];

const schemas = {
  audience: z.string().regex(/^[\x21-\x7e]{1,500}$/, 'must be 1 to 500 printable characters without spaces'),
  emails: list(200, (item) => (z.email().max(320).safeParse(item).success ? { value: item.toLowerCase() } : { problem: 'is not an e-mail address' })),
  groups: list(200, (item) => (item.length <= 256 && !CONTROL.test(item) ? { value: item } : { problem: 'is not a group name or id (1 to 256 characters, no control characters)' })),
  clientId: z.string().regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 printable characters without spaces'),
  scopes: list(30, (item) => (/^[\x21\x23-\x5b\x5d-\x7e]{1,200}$/.test(item) ? { value: item } : { problem: 'is not an OAuth scope (printable, no spaces, quotes or backslashes)' })),
  domains: list(50, (item) => (HOSTNAME.test(item) && item.includes('.') ? { value: item.toLowerCase() } : { problem: 'is not a domain name such as firm.se' })),
};

const OIDC_ROLE_VARIABLES = ['OIDC_ADMIN_EMAILS', 'OIDC_ADMIN_GROUPS', 'OIDC_ACCOUNTANT_GROUPS', 'OIDC_ACCOUNTANT_EMAIL_DOMAINS', 'OIDC_DESKTOP_CLIENT_ID', 'OIDC_DESKTOP_SCOPES'] as const;

/** Reads the OpenID Connect settings; all optional, but those given must fit together. */
export function readOidc(reader: EnvReader): OidcSettings | null {
  const issuerExample = 'OIDC_ISSUER=https://login.microsoftonline.com/<tenant id>/v2.0';
  const issuer = reader.read('OIDC_ISSUER', endpointUrl(), issuerExample);
  const audience = reader.read('OIDC_AUDIENCE', schemas.audience, 'OIDC_AUDIENCE=api://fortnox-connector', 500);
  const adminEmails = reader.read('OIDC_ADMIN_EMAILS', schemas.emails, 'OIDC_ADMIN_EMAILS=anna@firm.se,bo@firm.se', 200 * 330) ?? [];
  const adminGroups = reader.read('OIDC_ADMIN_GROUPS', schemas.groups, 'OIDC_ADMIN_GROUPS=<group object id>', 200 * 260) ?? [];
  const accountantGroups = reader.read('OIDC_ACCOUNTANT_GROUPS', schemas.groups, 'OIDC_ACCOUNTANT_GROUPS=<group object id>', 200 * 260) ?? [];
  const accountantEmailDomains = reader.read('OIDC_ACCOUNTANT_EMAIL_DOMAINS', schemas.domains, 'OIDC_ACCOUNTANT_EMAIL_DOMAINS=firm.se', 50 * 260) ?? [];
  const desktopClientId = reader.read('OIDC_DESKTOP_CLIENT_ID', schemas.clientId, 'OIDC_DESKTOP_CLIENT_ID=<the desktop app registration\'s client id>', 200);
  const desktopScopes = reader.read('OIDC_DESKTOP_SCOPES', schemas.scopes, 'OIDC_DESKTOP_SCOPES=openid,email,profile,api://fortnox-connector/access', 30 * 210);

  if (!reader.has('OIDC_ISSUER')) {
    for (const name of ['OIDC_AUDIENCE', ...OIDC_ROLE_VARIABLES]) {
      if (reader.has(name)) reader.report(name, 'is set but OIDC_ISSUER is not: sign-in with an identity provider needs its issuer', issuerExample);
    }
    return null;
  }
  if (reader.has('OIDC_DESKTOP_SCOPES') && !reader.has('OIDC_DESKTOP_CLIENT_ID')) {
    reader.report('OIDC_DESKTOP_SCOPES', 'is set but OIDC_DESKTOP_CLIENT_ID is not: the scopes are what the desktop app\'s client asks for', 'OIDC_DESKTOP_CLIENT_ID=<the desktop app registration\'s client id>');
  }
  if (!reader.has('OIDC_AUDIENCE')) reader.report('OIDC_AUDIENCE', 'is required with OIDC_ISSUER: the audience (aud) of the access tokens issued for this server', 'OIDC_AUDIENCE=api://fortnox-connector');
  if (!issuer || !audience) return null;
  if (adminEmails.length === 0 && adminGroups.length === 0) {
    reader.notices.push('OIDC_ADMIN_EMAILS and OIDC_ADMIN_GROUPS are both empty: nobody who signs in is an administrator.');
  }
  if (!desktopClientId) reader.notices.push('OIDC_DESKTOP_CLIENT_ID is not set: desktop apps are not offered sign-in with the identity provider, only pairing codes.');
  const desktopClient = desktopClientId ? { clientId: desktopClientId, scopes: desktopScopes && desktopScopes.length > 0 ? desktopScopes : DEFAULT_DESKTOP_SCOPES } : null;
  return { issuer: issuer.href, audience, adminEmails, adminGroups, accountantGroups, accountantEmailDomains, desktopClient };
}
