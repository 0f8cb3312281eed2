// Packs the real build output with the real electron-builder.yml into an unpacked Linux app, with
// a stand-in Electron distribution (Electron itself cannot be downloaded here). Used by the
// packaging smoke test and by `npm run bench` (which reports the size of app.asar).
// electronDist points at a folder with the few files electron-builder touches for a `dir` target:
// the `electron` executable (renamed to the app's executable, and the file whose fuses are
// flipped), `resources/`, `locales/*.pak` (trimmed by electronLanguages), `LICENSE` and `version`.
// The stand-in executable carries Electron's fuse sentinel and a version-1 fuse wire, so the fuse
// step runs for real.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');

const run = promisify(execFile);

/** From @electron/fuses: the marker that precedes the fuse wire in every Electron binary. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** FuseV1Options order in @electron/fuses, with stock Electron 45's values ('1' on, '0' off). */
export const FUSES = [
  ['runAsNode', '1'],
  ['enableCookieEncryption', '0'],
  ['enableNodeOptionsEnvironmentVariable', '1'],
  ['enableNodeCliInspectArguments', '1'],
  ['enableEmbeddedAsarIntegrityValidation', '0'],
  ['onlyLoadAppFromAsar', '0'],
  ['loadBrowserProcessSpecificV8Snapshot', '0'],
  ['grantFileProtocolExtraPrivileges', '1'],
] as const;

/** Writes the stand-in Electron distribution electron-builder copies instead of downloading one. */
export async function writeStandInElectron(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  await mkdir(path.join(dir, 'locales'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, FUSES.length]), // wire version 1, then its length
    Buffer.from(FUSES.map(([, stock]) => stock).join(''), 'latin1'),
  ]);
  const executable = path.join(dir, 'electron');
  await writeFile(executable, Buffer.concat([Buffer.from('stand-in for the Electron binary\n'), wire, Buffer.from('\n')]));
  await chmod(executable, 0o755);
  await writeFile(path.join(dir, 'version'), installedVersion('electron'));
  await writeFile(path.join(dir, 'LICENSE'), 'stand-in Electron licence\n');
  for (const locale of ['de', 'en-GB', 'en-US', 'fi', 'sv']) {
    await writeFile(path.join(dir, 'locales', `${locale}.pak`), locale);
  }
}

/** The installed version of a package, read from its package.json. */
function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The fuse wire of a packaged executable, as { fuseName: '0' | '1' }. */
export async function readFuses(executable: string): Promise<Record<string, string>> {
  const binary = await readFile(executable);
  const at = binary.indexOf(FUSE_SENTINEL, 0, 'latin1');
  if (at < 0) throw new Error(`no fuse sentinel in ${executable}`);
  const wireStart = at + FUSE_SENTINEL.length + 2;
  return Object.fromEntries(FUSES.map(([name], index) => [name, String.fromCharCode(binary[wireStart + index] ?? 0)]));
}

/** Where a stand-in package was built. */
export interface StandInPackage {
  workDir: string;
  appDir: string;
  asarPath: string;
  seconds: number;
}

/** Builds the unpacked Linux app into a new temp folder; the caller removes `workDir`. */
export async function packWithStandInElectron(): Promise<StandInPackage> {
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'fortnox-connector-package-'));
  const electronDist = path.join(workDir, 'electron-dist');
  const output = path.join(workDir, 'release');
  await writeStandInElectron(electronDist);
  const started = performance.now();
  await run(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      `--${arch}`,
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${installedVersion('electron')}`,
      `-c.directories.output=${output}`,
    ],
    // No signing or publishing credentials reach the child, whatever the developer's shell holds.
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: workDir }, maxBuffer: 16 * 1024 * 1024 },
  );
  const appDir = path.join(output, arch === 'x64' ? 'linux-unpacked' : 'linux-arm64-unpacked');
  return { workDir, appDir, asarPath: path.join(appDir, 'resources', 'app.asar'), seconds: (performance.now() - started) / 1000 };
}
