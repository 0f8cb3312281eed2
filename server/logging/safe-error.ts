import { KnownSecrets } from '../../main/logging/known-secrets';
import { redact } from '../../main/logging/logger';
import type { ServerConfig } from '../config';

/**
 * Text the server prints outside its JSON log (stderr of `npm run server` and its commands), under
 * the same rules as the log (server-logger.ts), so an error that quotes what it failed on (a
 * driver echoing its connection string, a URL with credentials) prints no secret (security review
 * item F).
 */

/** `scheme://user:password@` in any URL: the password is masked, the user name kept for diagnosis. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]*:)[^\s@/?#]+@/gi;

/** `redact()` of the app's logger, known secret values, and passwords in URLs masked. */
export function redactText(text: string, secrets?: KnownSecrets): string {
  return redact((secrets ? secrets.scrub(text) : text).replace(URL_CREDENTIALS, '$1[redacted]@'));
}

/**
 * The secrets a configuration holds (the database URL and its password, the encryption keys, the
 * Fortnox client secret, the metrics token, the desktop OIDC client secret), for masking wherever they turn up. Values shorter
 * than KnownSecrets.MIN_LENGTH are left to the patterns.
 */
export function configSecrets(config: ServerConfig | undefined, into: KnownSecrets = new KnownSecrets()): KnownSecrets {
  if (!config) return into;
  if (config.database.kind === 'postgres') {
    const url = config.database.url.reveal();
    into.add(url);
    try {
      const password = decodeURIComponent(new URL(url).password);
      if (password) into.add(password);
    } catch {
      // The configuration checked the URL; nothing more to add.
    }
  }
  into.add(config.fortnox.mode === 'embedded-simulator' ? undefined : config.fortnox.clientSecret?.reveal());
  into.add(config.metricsToken?.reveal());
  into.add(config.oidc?.desktopClient?.clientSecret?.reveal());
  return into;
}

/** An error as one line for stderr: its name and message, masked; no stack. */
export function errorLine(error: unknown, secrets?: KnownSecrets): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redactText(text.replace(/[\r\n]+/g, ' '), secrets);
}
