// The pure half of scripts/check-packaged-fuses.ts: where electron-builder puts the unpacked app,
// what `@electron/fuses read` printed, and how that compares with electron-builder.yml.
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/** A fuse's state as `@electron/fuses read` prints it. */
export type FuseState = 'Enabled' | 'Disabled' | 'Inherited' | 'Removed';

/** electronFuses keys that configure the flip itself, not a fuse. */
const NOT_FUSES = new Set(['resetAdHocDarwinSignature', 'strictlyRequireAllFuses']);

/** Names from `@electron/fuses read`: `RunAsNode is Disabled` (coloured on CI; colours are stripped). */
export function parseFuseReadout(output: string): Map<string, FuseState> {
  const fuses = new Map<string, FuseState>();
  for (const line of stripVTControlCharacters(output).split(/\r?\n/)) {
    const match = /^\s+(\S+) is (Enabled|Disabled|Inherited|Removed)\s*$/.exec(line);
    if (match?.[1] && match[2]) fuses.set(match[1], match[2] as FuseState);
  }
  return fuses;
}

/** The states electron-builder.yml's `electronFuses` asks for, under @electron/fuses' names (`runAsNode` → `RunAsNode`). */
export function expectedFuses(electronFuses: Readonly<Record<string, unknown>>): Map<string, FuseState> {
  const fuses = new Map<string, FuseState>();
  for (const [key, value] of Object.entries(electronFuses)) {
    if (NOT_FUSES.has(key)) continue;
    if (typeof value !== 'boolean') throw new Error(`electronFuses.${key} is not true or false`);
    fuses.set(key.charAt(0).toUpperCase() + key.slice(1), value ? 'Enabled' : 'Disabled');
  }
  return fuses;
}

/** One line per configured fuse whose packaged state differs (missing counts as different); empty when all match. */
export function fuseMismatches(expected: ReadonlyMap<string, FuseState>, actual: ReadonlyMap<string, FuseState>): string[] {
  if (expected.size === 0) return ['electron-builder.yml configures no fuses'];
  return [...expected]
    .filter(([name, state]) => actual.get(name) !== state)
    .map(([name, state]) => `${name}: expected ${state}, packaged binary has ${actual.get(name) ?? 'no such fuse'}`);
}

/** The names electron-builder gives the packaged app. */
export interface AppNames {
  /** `productName`: the macOS bundle and the Windows executable. */
  productName: string;
  /** The Linux executable (electron-builder's default: package.json `name`). */
  linuxExecutable: string;
}

/**
 * Where `electron-builder --dir` leaves the app for a platform and architecture, relative to the
 * output folder (app-builder-lib's computeAppOutDir: `mac`, `win-unpacked`, `linux-unpacked`, with
 * `-<arch>` for every architecture but x64). The path is what `@electron/fuses read --app` takes.
 */
export function packagedAppPath(platform: NodeJS.Platform, arch: string, names: AppNames): string {
  const suffix = arch === 'x64' ? '' : `-${arch}`;
  if (platform === 'darwin') return path.join(`mac${suffix}`, `${names.productName}.app`);
  if (platform === 'win32') return path.join(`win${suffix}-unpacked`, `${names.productName}.exe`);
  if (platform === 'linux') return path.join(`linux${suffix}-unpacked`, names.linuxExecutable);
  throw new Error(`electron-builder does not package for ${platform}`);
}
