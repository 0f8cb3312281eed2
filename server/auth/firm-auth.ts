import type { RandomBytes } from '../../main/connect/random-token';
import type { signInOptionsSchema } from '../../shared/firm-api';
import type { z } from 'zod';
import { FirmAudit } from '../audit/firm-audit';
import type { Database } from '../db/database';
import type { DesktopOidcClient, OidcSettings } from '../env/oidc-settings';
import { AttemptThrottle } from './attempt-throttle';
import { OidcChallenges } from './oidc-challenges';
import { entraTenantOf } from './oidc-discovery';
import { createOidcVerifier, isGoogleIssuer, type EmailTrust, type OidcVerifier } from './oidc-verifier';
import { issuePairingCode, type IssuedPairingCode, type PairingCodeRequest } from './pairing-codes';
import type { RoleRules } from './role-rules';
import { SessionStore } from './sessions';

/** The OIDC part of the server's configuration (`OIDC_*`); its role lists are the verifier's RoleRules. */
export type FirmOidcSettings = OidcSettings & RoleRules;

export type { DesktopOidcClient } from '../env/oidc-settings';

/** Everything the accountant routes need except the integration keys (server/keys), and the clean-up. */
export interface FirmAuth {
  sessions: SessionStore;
  verifier: OidcVerifier | null;
  /** The nonces that bind the desktop's ID tokens to a sign-in this server started. */
  challenges: OidcChallenges;
  audit: FirmAudit;
  throttle: AttemptThrottle;
  signInOptions: z.input<typeof signInOptionsSchema>;
  pairingCodes: { issue(request: PairingCodeRequest, createdBy: string): Promise<IssuedPairingCode> };
  /**
   * Deletes ended sessions, long-expired pairing codes, expired sign-in challenges and audit rows past 90 days; the background
   * loop calls it (hourly is plenty). Returns what it deleted, as counts.
   */
  prune(): Promise<{ sessions: number; pairingCodes: number; auditRows: number; challenges: number }>;
}

/**
 * Which e-mail claim gives roles (oidc-verifier.ts `EmailTrust`): the firm's own directory names
 * when OIDC_ISSUER is one Microsoft Entra ID tenant (Entra sends no `email_verified`); for Google,
 * the `email` claim only with `email_verified: true` and a matching Workspace `hd`; else the
 * `email` claim with `email_verified: true`. Decided by the configured issuer alone, never by a token.
 */
export function emailTrustFor(issuer: string): EmailTrust {
  if (entraTenantOf(issuer) !== null) return 'entra_directory';
  return isGoogleIssuer(issuer) ? 'google_hosted_domain' : 'email_verified';
}

/**
 * Builds the accountant sign-in, sessions and audit from the configuration. Without `oidc` the
 * firm signs in with pairing codes only; without a desktop client the desktop is not offered the
 * provider (it needs the client id to open the browser), though tokens it already has still work.
 * `desktopClient` left out is the configuration's own (`oidc.desktopClient`, from
 * OIDC_DESKTOP_CLIENT_ID and OIDC_SCOPES), so `createFirmAuth(db, { oidc: config.oidc }, clock)`
 * is the whole wiring.
 */
export function createFirmAuth(
  db: Database,
  settings: { oidc: FirmOidcSettings | null; desktopClient?: DesktopOidcClient | null },
  clock: { now: () => number; random: RandomBytes },
): FirmAuth {
  const desktopClient = settings.desktopClient === undefined ? (settings.oidc?.desktopClient ?? null) : settings.desktopClient;
  const sessions = new SessionStore({ db, ...clock });
  const audit = new FirmAudit({ db, now: clock.now });
  const verifier = settings.oidc
    ? createOidcVerifier({
        issuer: settings.oidc.issuer,
        audience: settings.oidc.audience,
        idTokenAudience: desktopClient?.clientId ?? null,
        roles: settings.oidc,
        emailTrust: emailTrustFor(settings.oidc.issuer),
        now: clock.now,
      })
    : null;
  const challenges = new OidcChallenges({ db, ...clock });
  return {
    sessions,
    verifier,
    challenges,
    audit,
    throttle: new AttemptThrottle(clock.now),
    signInOptions: {
      oidc:
        settings.oidc && desktopClient
          ? {
              issuer: settings.oidc.issuer,
              clientId: desktopClient.clientId,
              scopes: desktopClient.scopes,
              ...(desktopClient.clientSecret ? { clientSecret: desktopClient.clientSecret.reveal() } : {}),
            }
          : null,
      pairing: true,
    },
    pairingCodes: { issue: (request, createdBy) => issuePairingCode(db, request, createdBy, { ...clock, audit }) },
    async prune() {
      const ended = await sessions.deleteEnded();
      const auditRows = await audit.deleteExpired();
      return { ...ended, auditRows, challenges: await challenges.deleteExpired() };
    },
  };
}
