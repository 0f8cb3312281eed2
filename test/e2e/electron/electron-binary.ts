import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const ELECTRON_PACKAGE = path.join(ROOT, 'node_modules/electron');

function platformExecutable(): string {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (process.platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * The Electron executable to drive, or why there is none. Never triggers the electron package's
 * lazy download (Electron >= 42 downloads on first `require('electron')`), so on machines without
 * a binary the suite is reported as skipped instead of hanging on the network.
 */
export function findElectronBinary(): { path: string } | { missing: string } {
  const pathFile = path.join(ELECTRON_PACKAGE, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformExecutable();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, relative);
    return existsSync(candidate) ? { path: candidate } : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no ${relative}` };
  }
  const installed = path.join(ELECTRON_PACKAGE, 'dist', relative);
  if (existsSync(installed)) return { path: installed };
  return {
    missing:
      'No Electron binary: set ELECTRON_OVERRIDE_DIST_PATH or install electron with internet access (npx install-electron --no)',
  };
}

/** What the Electron suite does with the binary it found (or did not). */
export type ElectronSuitePlan = { run: string } | { skip: string } | { fail: string };

/**
 * Run when there is a binary; otherwise skip, unless `REQUIRE_ELECTRON=1` says this machine must
 * run the suite for real (GitHub's runners, see .github/workflows/ci.yml): there a missing binary
 * is a failure, so a broken download can never turn the real-Electron suite into a green skip.
 */
export function planElectronSuite(
  binary: { path: string } | { missing: string },
  env: Readonly<Record<string, string | undefined>>,
): ElectronSuitePlan {
  if ('path' in binary) return { run: binary.path };
  if (env.REQUIRE_ELECTRON === '1') return { fail: `REQUIRE_ELECTRON=1 but the Electron suite cannot run. ${binary.missing}` };
  return { skip: binary.missing };
}
