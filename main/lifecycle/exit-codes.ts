/** Exit codes of the app (BSD sysexits values, so a launcher or a support person can tell them apart). */
export const EXIT_CODES = {
  ok: 0,
  /** Something failed while quitting; the app still exited. */
  quitFailed: 1,
  /** The app did not start: an unexpected error (EX_SOFTWARE). */
  startupFailed: 70,
  /** A packaged build was started with a forbidden command-line switch (EX_CONFIG). */
  forbiddenSwitch: 78,
} as const;
