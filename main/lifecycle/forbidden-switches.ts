/**
 * The command-line switches a packaged build refuses to start with. Any program running as the same
 * user can start the app with extra switches (a shortcut, a launcher, a scheduled task); these would
 * let it see or steer what the app sends to Fortnox (tokens, codes, the client secret) around the
 * managed endpoints, attach a debugger (read memory, run code), run other code in the app's
 * processes, or move the app's data. The app needs none of them, so refusing costs nothing.
 *
 * How Chromium reads a command line (base/command_line.cc, `AppendSwitchesAndArguments`,
 * `IsSwitch`, `AppendSwitchNative`), and so what this check has to match:
 * - a switch starts with `--` or `-`, and on Windows also `/` (the longest prefix wins);
 * - each argument is trimmed of white space first;
 * - the value follows the first `=`; `--switch value` is a valueless switch and an argument;
 * - on Windows the name is lower-cased; elsewhere it is case-sensitive;
 * - a lone `--` ends switch parsing.
 * Electron hands Node its own options (`--inspect*`, `--debug*`) from that same parsed argv
 * (shell/common/node_bindings.cc, `ParseNodeCliFlags`).
 * This check is deliberately broader than either parser: it ignores case on every platform, treats
 * `_` like `-` (Node's spelling rule), and also looks past `--` (the app takes no positional
 * arguments, so nothing legitimate is there). It reads `process.argv` and also asks Chromium's own
 * parse (`app.commandLine.hasSwitch`), which sees switches added another way, such as the
 * `ELECTRON_DISABLE_SANDBOX` environment variable, which appends `--no-sandbox` (refused on macOS
 * and Windows; see `ALLOWED_ON` for Linux).
 */

/** Why a switch is refused (shown in the log, and used to group the README's table). */
export type ForbiddenReason = 'traffic' | 'debugger' | 'code' | 'data' | 'secrets-on-disk';

/**
 * The deny-list, by exact name. Reasons:
 * - traffic: sends the app's HTTPS calls through another host, resolves Fortnox's names to another
 *   address, or accepts a forged certificate, so tokens and the client secret can be read or
 *   answered by someone else; or hands the user's Windows credentials to other servers.
 * - debugger: opens a DevTools or Node inspector port or pipe, which can read memory and run code.
 * - code: runs another program in front of the app's processes, loads V8 flags or extensions, or
 *   weakens the sandbox, site isolation or web security. `--enable-features`/`--disable-features`
 *   (and field trials) are refused too: they switch security features (site isolation, the
 *   network service sandbox, certificate checks) on and off, the list changes with every Chromium
 *   release so no part of it can be vetted, and the app needs none.
 * - data: points the app at another data folder or cache (other companies.json, settings).
 * - secrets-on-disk: writes TLS session keys or full network logs (request bodies) to a file.
 */
export const FORBIDDEN_SWITCHES: Readonly<Record<string, ForbiddenReason>> = {
  'proxy-server': 'traffic',
  'proxy-pac-url': 'traffic',
  'proxy-bypass-list': 'traffic',
  'proxy-auto-detect': 'traffic',
  'no-proxy-server': 'traffic',
  'winhttp-proxy-resolver': 'traffic',
  'host-resolver-rules': 'traffic',
  'host-rules': 'traffic',
  'ignore-certificate-errors': 'traffic',
  'ignore-certificate-errors-spki-list': 'traffic',
  'ignore-urlfetcher-cert-requests': 'traffic',
  'allow-insecure-localhost': 'traffic',
  'unsafely-treat-insecure-origin-as-secure': 'traffic',
  'auth-server-whitelist': 'traffic',
  'auth-negotiate-delegate-whitelist': 'traffic',
  'remote-debugging-port': 'debugger',
  'remote-debugging-pipe': 'debugger',
  'remote-debugging-address': 'debugger',
  'remote-debugging-io-pipes': 'debugger',
  'remote-allow-origins': 'debugger',
  inspect: 'debugger',
  'inspect-brk': 'debugger',
  'inspect-brk-node': 'debugger',
  'inspect-port': 'debugger',
  'inspect-publish-uid': 'debugger',
  debug: 'debugger',
  'debug-brk': 'debugger',
  'debug-port': 'debugger',
  'js-flags': 'code',
  'load-extension': 'code',
  'disable-extensions-except': 'code',
  'renderer-cmd-prefix': 'code',
  'utility-cmd-prefix': 'code',
  'gpu-launcher': 'code',
  'browser-subprocess-path': 'code',
  'no-sandbox': 'code',
  'disable-gpu-sandbox': 'code',
  'single-process': 'code',
  'in-process-gpu': 'code',
  'disable-web-security': 'code',
  'disable-site-isolation-trials': 'code',
  'enable-features': 'code',
  'disable-features': 'code',
  'force-fieldtrials': 'code',
  'force-fieldtrial-params': 'code',
  'enable-blink-features': 'code',
  'disable-blink-features': 'code',
  'allow-running-insecure-content': 'code',
  'disable-setuid-sandbox': 'code',
  'disable-namespace-sandbox': 'code',
  'disable-seccomp-filter-sandbox': 'code',
  'no-zygote': 'code',
  'service-sandbox-type': 'code',
  'wait-for-debugger': 'debugger',
  'renderer-startup-dialog': 'debugger',
  'gpu-startup-dialog': 'debugger',
  'auto-open-devtools-for-tabs': 'debugger',
  'user-data-dir': 'data',
  'disk-cache-dir': 'data',
  'ssl-key-log-file': 'secrets-on-disk',
  'log-net-log': 'secrets-on-disk',
  'net-log-capture-mode': 'secrets-on-disk',
  // Chromium's own logging (--enable-logging with --v/--vmodule) writes URLs and request details
  // to a file or stderr that another program can read.
  'enable-logging': 'secrets-on-disk',
  'log-file': 'secrets-on-disk',
  v: 'secrets-on-disk',
  vmodule: 'secrets-on-disk',
};

/**
 * Families refused by prefix in `process.argv` (`--inspect-anything`, `--remote-debugging-…`,
 * `--ignore-certificate-errors-…`, `--proxy-…`), so a spelling added by a later Chromium or Node is
 * refused as well. `hasSwitch` can only ask for exact names, so it gets the table above.
 */
const FORBIDDEN_FAMILIES: readonly (readonly [string, ForbiddenReason])[] = [
  ['inspect', 'debugger'],
  ['debug', 'debugger'],
  ['remote-debugging', 'debugger'],
  ['ignore-certificate-errors', 'traffic'],
  ['proxy', 'traffic'],
];

/**
 * Switches allowed on one platform despite the table. Linux: `--no-sandbox`, because
 * electron-builder's AppImage launcher adds it itself where unprivileged user namespaces are missing
 * (Ubuntu 24.04's AppArmor default; app-builder-lib targets/appimage, `executableArgs` and AppRun)
 * and Electron demands it when run as root; refusing it would stop the app on those machines. It
 * gives the process that starts the app nothing it did not have (it runs as the same user); it
 * removes the renderers' sandbox against a hostile page, which the app's other defences (context
 * isolation, no Node in renderers, Fortnox origins only) still limit.
 */
const ALLOWED_ON: Partial<Record<NodeJS.Platform, readonly string[]>> = { linux: ['no-sandbox'] };

/** One refused switch (or environment variable): its normalised name and why. */
export interface ForbiddenSwitch {
  name: string;
  reason: ForbiddenReason;
  /** Set for an environment variable; a switch has none. */
  kind?: 'environment';
}

/**
 * Environment variables refused like switches. `SSLKEYLOGFILE`: Chromium's network stack writes
 * every TLS session key to that file (net/ssl/ssl_key_logger.h), so a recording of the app's
 * traffic to Fortnox could be decrypted. (Node's `NODE_OPTIONS` and `ELECTRON_RUN_AS_NODE` are
 * switched off by the packaged build's fuses instead; `ELECTRON_DISABLE_SANDBOX` shows up as
 * `--no-sandbox` through `hasSwitch`.) Proxy variables (`https_proxy`, `all_proxy`, `auto_proxy` on
 * Linux) are allowed by design, like the system proxy settings they stand for: offices need them,
 * and a proxy sees only TLS, which Chromium validates against the OS's certificate store; the
 * switches that weaken that validation are the ones refused above.
 */
export const FORBIDDEN_ENVIRONMENT: Readonly<Record<string, ForbiddenReason>> = {
  SSLKEYLOGFILE: 'secrets-on-disk',
  // Electron's equivalents of --enable-logging and --log-file.
  ELECTRON_ENABLE_LOGGING: 'secrets-on-disk',
  ELECTRON_LOG_FILE: 'secrets-on-disk',
};

/** The refused environment variables that are set (to anything but the empty string). */
export function findForbiddenEnvironment(env: Readonly<Record<string, string | undefined>>): ForbiddenSwitch[] {
  return Object.entries(FORBIDDEN_ENVIRONMENT)
    .filter(([name]) => (env[name] ?? '') !== '')
    .map(([name, reason]) => ({ name, reason, kind: 'environment' as const }));
}

/**
 * The normalised switch name of one argument, or null when Chromium would not read it as a switch
 * on `platform` (no `--`/`-` prefix, or `/` outside Windows).
 */
export function switchName(argument: string, platform: NodeJS.Platform): string | null {
  const arg = argument.trim();
  const prefix = arg.startsWith('--') ? 2 : arg.startsWith('-') || (platform === 'win32' && arg.startsWith('/')) ? 1 : 0;
  if (prefix === 0 || prefix === arg.length) return null;
  const equals = arg.indexOf('=');
  const name = (equals === -1 ? arg.slice(prefix) : arg.slice(prefix, equals)).toLowerCase().replaceAll('_', '-');
  return name === '' ? null : name;
}

function classify(name: string): ForbiddenReason | undefined {
  // Own properties only: `--constructor` or `--__proto__` must not find Object.prototype's members.
  if (Object.hasOwn(FORBIDDEN_SWITCHES, name)) return FORBIDDEN_SWITCHES[name];
  return FORBIDDEN_FAMILIES.find(([family]) => name === family || name.startsWith(`${family}-`))?.[1];
}

/**
 * The refused switches present, each once, sorted by name: every argument after the executable
 * (`argv[0]`) is read as Chromium would on `platform`, and `hasSwitch` (Electron's
 * `app.commandLine.hasSwitch`) is asked for every name on the deny-list. Empty means start.
 */
export function findForbiddenSwitches(
  argv: readonly string[],
  hasSwitch: (name: string) => boolean,
  platform: NodeJS.Platform,
): ForbiddenSwitch[] {
  const allowed = ALLOWED_ON[platform] ?? [];
  const found = new Map<string, ForbiddenReason>();
  for (const argument of argv.slice(1)) {
    const name = switchName(argument, platform);
    const reason = name === null ? undefined : classify(name);
    if (name !== null && reason && !allowed.includes(name)) found.set(name, reason);
  }
  for (const [name, reason] of Object.entries(FORBIDDEN_SWITCHES)) {
    if (!allowed.includes(name) && hasSwitch(name)) found.set(name, reason);
  }
  return [...found].map(([name, reason]) => ({ name, reason })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The dialog shown when a packaged build refuses to start: Swedish first, then English, naming the
 * switches (names only: a value may be a path or a host the user should not have to read out).
 */
export function switchRefusalMessage(found: readonly ForbiddenSwitch[]): { title: string; body: string } {
  const names = found.map((entry) => (entry.kind === 'environment' ? entry.name : `--${entry.name}`)).join(', ');
  return {
    title: 'Fortnox Connector startades inte / did not start',
    body: [
      `Fortnox Connector startades med inställningar som kan leda dess trafik till Fortnox förbi skyddet eller låta ett annat program läsa den: ${names}.`,
      'Starta appen utan dem, från Start-menyn, Dock eller programlistan. Kontakta IT om en genväg lägger till dem.',
      '',
      `Fortnox Connector was started with options that could route its traffic to Fortnox around its protections or let another program read it: ${names}.`,
      'Start the app without them, from the Start menu, the Dock or the applications list. Contact IT if a shortcut adds them.',
    ].join('\n'),
  };
}
