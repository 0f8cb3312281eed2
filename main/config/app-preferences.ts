import { z } from 'zod';
import { INTEGRATION_NAME_MAX, normalizeIntegrationName } from '../../shared/integration-name';
import { localApiPreferenceSchema } from '../../shared/local-api-status';
import { scopeProfilesPreferenceSchema } from '../../shared/scope-profiles';

/**
 * The integration's name in settings.json or the managed configuration: normalised as the app keeps
 * it (shared/integration-name.ts); an empty string means none; a name too long makes the file invalid.
 */
export const integrationNameFieldSchema = z
  .string()
  .max(INTEGRATION_NAME_MAX * 4)
  .refine((value) => normalizeIntegrationName(value).ok, `at most ${INTEGRATION_NAME_MAX} characters`)
  .transform((value) => {
    const normalized = normalizeIntegrationName(value);
    return (normalized.ok && normalized.name) || undefined;
  });

/**
 * The app's own preferences, kept in `settings.json` beside the integration's configuration (the
 * file's other keys, see fortnox-config.ts). They steer only how the app behaves on this computer,
 * never where tokens go, so a packaged build reads them from the user's file like the client id.
 */
export const appPreferencesShape = {
  /** The one-time explanation that closing the window keeps the app running was shown. */
  closeToTrayExplained: z.boolean().optional(),
  /** The local API: on or off, and its port (the managed configuration's values win, field by field). */
  localApi: localApiPreferenceSchema.optional(),
  /** The scope profiles: the accountant's own, the one used last and the default (issue 9 item 4). */
  scopeProfiles: scopeProfilesPreferenceSchema.optional(),
  /** The integration's name in the header and window title (the managed configuration's wins). */
  integrationName: integrationNameFieldSchema.optional(),
  /** Firm mode (issue 10): the firm server's URL; absent, the app keeps its own connections. */
  firmServer: z.strictObject({ url: z.string().max(2000) }).optional(),
};

/** The preferences part of settings.json. */
export const appPreferencesSchema = z.strictObject(appPreferencesShape);

/** The app's preferences. */
export type AppPreferences = z.infer<typeof appPreferencesSchema>;

/** Splits a parsed settings file into its configuration and its preferences. */
export function splitPreferences<T extends AppPreferences>(document: T): { config: Omit<T, keyof AppPreferences>; preferences: AppPreferences } {
  const config: Record<string, unknown> = {};
  const preferences: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) {
    if (key in appPreferencesShape) preferences[key] = value;
    else config[key] = value;
  }
  return { config: config as Omit<T, keyof AppPreferences>, preferences: preferences as AppPreferences };
}
