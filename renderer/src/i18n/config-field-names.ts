import type { ConfigField } from '../../../shared/config-problems';

/** The settings file's name; main reads it from the app's user-data folder (main/electron/index.ts). */
export const SETTINGS_FILE_NAME = 'settings.json';

/**
 * Where the user sets each configuration field: its environment variable and its key in the
 * settings file, named once so every "how to fix" sentence uses the same names. They mirror
 * CONFIG_ENV and settingsFileSchema in main/config/fortnox-config.ts (which the renderer may not import).
 * The client secret has no settings-file key: it is entered in Settings and kept encrypted.
 */
export const CONFIG_FIELD_NAMES: Record<ConfigField, { environment: string; settingsKey: string | null } | null> = {
  clientId: { environment: 'FORTNOX_CLIENT_ID', settingsKey: 'clientId' },
  redirectUri: { environment: 'FORTNOX_REDIRECT_URI', settingsKey: 'redirectUri' },
  authorizeUrl: { environment: 'FORTNOX_AUTHORIZE_URL', settingsKey: 'authorizeUrl' },
  tokenUrl: { environment: 'FORTNOX_TOKEN_URL', settingsKey: 'tokenUrl' },
  apiBaseUrl: { environment: 'FORTNOX_API_BASE_URL', settingsKey: 'apiBaseUrl' },
  signInOrigins: { environment: 'FORTNOX_SIGN_IN_ORIGINS', settingsKey: 'signInOrigins' },
  signInFrameOrigins: { environment: 'FORTNOX_SIGN_IN_FRAME_ORIGINS', settingsKey: 'signInFrameOrigins' },
  clientSecret: { environment: 'FORTNOX_CLIENT_SECRET', settingsKey: null },
  // The settings file itself: it has no variable and no key; problems with it name the file.
  settingsFile: null,
  // The IT department's managed configuration file: the user cannot change it, only ask.
  managedFile: null,
  // The machine policy in the Windows registry: written by the IT department only.
  managedPolicy: null,
  // Firm mode: the sign-in to the firm's server, done in Settings.
  firmServer: null,
};

/** The keys the settings file may hold, for the message about a file of the wrong shape. */
export const SETTINGS_KEYS = Object.values(CONFIG_FIELD_NAMES).flatMap((names) =>
  names?.settingsKey ? [names.settingsKey] : [],
);

