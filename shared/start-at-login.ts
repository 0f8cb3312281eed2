import { z } from 'zod';

/**
 * Whether the app starts when the user logs in, as the operating system reports it:
 * - `on` / `off`;
 * - `requires_approval`: macOS 13+ registered the app but the user must allow it in System
 *   Settings > General > Login Items;
 * - `not_found`: macOS could not find the app to register (not in /Applications, or unsigned);
 * - `unsupported`: this system has no login items the app can set (a development run, Flatpak).
 */
export const START_AT_LOGIN_STATUSES = ['on', 'off', 'requires_approval', 'not_found', 'unsupported'] as const;

/** One of START_AT_LOGIN_STATUSES. */
export type StartAtLoginStatus = (typeof START_AT_LOGIN_STATUSES)[number];

export const startAtLoginStateSchema = z.strictObject({ status: z.enum(START_AT_LOGIN_STATUSES) });

/** The start-at-login setting as the Settings view shows it. */
export type StartAtLoginState = z.output<typeof startAtLoginStateSchema>;

export const setStartAtLoginArgsSchema = z.strictObject({ enabled: z.boolean() });

export const setStartAtLoginResultSchema = z.strictObject({
  /** False when the operating system refused or the autostart file could not be written. */
  ok: z.boolean(),
  /** The state after the attempt, read back from the operating system. */
  status: z.enum(START_AT_LOGIN_STATUSES),
});

/** The answer to turning start at login on or off. */
export type SetStartAtLoginResult = z.output<typeof setStartAtLoginResultSchema>;
