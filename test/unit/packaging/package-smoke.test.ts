// Packages the real build output with the real electron-builder.yml into an unpacked Linux app and
// inspects what ended up inside. Electron itself cannot be downloaded here, so electronDist points
// at a stand-in folder with the few files electron-builder touches for a `dir` target: the
// `electron` executable (renamed to the app's executable, and the file whose fuses are flipped),
// `resources/`, `locales/*.pak` (trimmed by electronLanguages), `LICENSE` and `version`. The
// stand-in executable carries Electron's fuse sentinel and a version-1 fuse wire, so the fuse step
// runs for real and its result is checked byte by byte.
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagedAppPath } from '../../../scripts/packaged-fuses';
import { packWithStandInElectron, readFuses } from '../../packaging/stand-in-package';
import { readProjectFile, ROOT, type PackageJson } from './packaging-files';

const BUILD_OUTPUTS = ['out/main/index.cjs', 'out/preload/index.cjs', 'out/renderer/index.html'];
const packageJson = readProjectFile<PackageJson>('package.json');

let workDir = '';
let appDir = '';
let asarPath = '';
let entries: string[] = [];
let buildSeconds = 0;

/** Bare module names a CommonJS bundle require()s. */
// A `require(` right after a quote is text, not a call: ajv (under Fastify) keeps strings such as
// 'require("ajv/dist/runtime/equal").default' for its standalone code output, which the app never uses.
function requiredModules(source: string): string[] {
  return [...new Set([...source.matchAll(/(?<!['"`])\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1] ?? ''))].sort();
}

function isBuiltin(name: string): boolean {
  return name.startsWith('node:') || builtinModules.includes(name);
}

// The stand-in packs a Linux app with POSIX file modes; on Windows runners ci.yml packages the real
// Windows app instead and checks its fuses (scripts/check-packaged-fuses.ts).
const ON_WINDOWS = process.platform === 'win32';

beforeAll(async () => {
  if (ON_WINDOWS) return;
  const missing = BUILD_OUTPUTS.filter((file) => !existsSync(path.join(ROOT, file)));
  if (missing.length > 0) {
    throw new Error(`The packaging smoke test packs the build output, and ${missing.join(', ')} is missing: run \`npm run build\` first.`);
  }
  const built = await packWithStandInElectron();
  workDir = built.workDir;
  appDir = built.appDir;
  asarPath = built.asarPath;
  buildSeconds = built.seconds;
  entries = listPackage(asarPath, { isPack: false }).map((entry) => entry.replaceAll(path.sep, '/'));
}, 180_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe.skipIf(ON_WINDOWS)('the packaged app (unpacked Linux build with a stand-in Electron)', () => {
  it('holds the main, preload and renderer bundles and package.json', ({ annotate }) => {
    expect(entries).toEqual(expect.arrayContaining(['/out/main/index.cjs', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']));
    expect(entries.filter((entry) => /^\/out\/renderer\/assets\/[^/]+\.js$/.test(entry)).length).toBeGreaterThan(0);
    const asarBytes = statSync(asarPath).size;
    const rendererBytes = entries
      .filter((entry) => entry.startsWith('/out/renderer/'))
      .reduce((sum, entry) => sum + fileSize(entry), 0);
    void annotate(`app.asar ${(asarBytes / 1024).toFixed(0)} KiB, renderer ${(rendererBytes / 1024).toFixed(0)} KiB, electron-builder ran ${buildSeconds.toFixed(1)} s`);
    // Far below what one bundled-in node_modules tree (react + react-dom alone: ~10 MB) would add.
    expect(asarBytes).toBeLessThan(5 * 1024 * 1024);
  });

  it('holds nothing but those bundles, package.json and production dependencies', () => {
    // Today there are none: everything the app uses is bundled. A runtime dependency added later
    // and left external by the bundler would appear under node_modules/, which is allowed here.
    const files = entries.filter((entry) => !isDirectory(entry));
    const unexpected = files.filter((entry) => !/^\/(out\/(main|preload|renderer)\/|package\.json$|node_modules\/)/.test(entry));
    expect(unexpected).toEqual([]);
  });

  it('holds no sources, tests, source maps, .env files or the development simulator', () => {
    expect(entries.filter((entry) => /\.(ts|tsx|mts|cts)$/.test(entry))).toEqual([]);
    expect(entries.filter((entry) => entry.endsWith('.map'))).toEqual([]);
    expect(entries.filter((entry) => /(^|\/)\.env(\.|$)/.test(entry))).toEqual([]);
    expect(entries.filter((entry) => /^\/(test|main|renderer|shared|simulator|server|scripts|bench|build)(\/|$)/.test(entry))).toEqual([]);
    expect(entries.filter((entry) => entry.startsWith('/out/simulator') || entry.startsWith('/out/tsc'))).toEqual([]);
  });

  it('holds no development dependency', () => {
    const packed = entries.filter((entry) => entry.startsWith('/node_modules/'));
    for (const name of Object.keys(packageJson.devDependencies ?? {})) {
      expect(packed.filter((entry) => entry.startsWith(`/node_modules/${name}/`)), name).toEqual([]);
    }
  });

  it('needs no package at run time that it does not carry', () => {
    const packedPackages = new Set(entries.filter((entry) => /^\/node_modules\/(@[^/]+\/)?[^/@]+$/.test(entry)).map((entry) => entry.slice('/node_modules/'.length)));
    const main = requiredModules(extractFile(asarPath, 'out/main/index.cjs').toString('utf8'));
    // fast-json-stringify (under Fastify) writes these two inside the code text of its standalone mode, never called here.
    const standaloneText = new Set(['fast-json-stringify/lib/serializer', 'fast-json-stringify/lib/validator']);
    expect(main.filter((name) => name !== 'electron' && !isBuiltin(name) && !packedPackages.has(name) && !standaloneText.has(name))).toEqual([]);
    // A sandboxed preload's require() knows only these (Electron's sandbox tutorial).
    const preload = requiredModules(extractFile(asarPath, 'out/preload/index.cjs').toString('utf8'));
    expect(preload.filter((name) => !['electron', 'events', 'timers', 'url'].includes(name.replace(/^node:/, '')))).toEqual([]);
  });

  it('ships a package.json that points at the main bundle', () => {
    const packaged = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as Partial<PackageJson>;
    expect(packaged).toMatchObject({ name: packageJson.name, version: packageJson.version, main: 'out/main/index.cjs' });
    expect(packaged.scripts).toBeUndefined();
  });

  it('flips the release fuses in the executable', async () => {
    const executable = path.join(appDir, packageJson.name);
    expect((await stat(executable)).mode & 0o111).not.toBe(0);
    expect(await readFuses(executable)).toEqual({
      runAsNode: '0',
      enableCookieEncryption: '1',
      enableNodeOptionsEnvironmentVariable: '0',
      enableNodeCliInspectArguments: '0',
      enableEmbeddedAsarIntegrityValidation: '1',
      onlyLoadAppFromAsar: '1',
      loadBrowserProcessSpecificV8Snapshot: '0',
      grantFileProtocolExtraPrivileges: '0',
    });
  });

  it('passes the CI fuse check (scripts/check-packaged-fuses.ts, the real @electron/fuses), which refuses a stock binary', async () => {
    const check = (app: string) =>
      promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/check-packaged-fuses.ts', '--app', app], { cwd: ROOT });
    const { stdout } = await check(path.join(appDir, packageJson.name));
    expect(stdout).toMatch(/RunAsNode is .*Disabled/);
    expect(stdout).toMatch(/All 7 fuses of electron-builder\.yml are set/);
    const stock = check(path.join(workDir, 'electron-dist', 'electron'));
    await expect(stock).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('RunAsNode: expected Disabled, packaged binary has Enabled') });
  }, 30_000);

  it('is where the CI fuse check looks for it', () => {
    const names = { productName: 'Fortnox Connector', linuxExecutable: packageJson.name };
    expect(path.join(path.dirname(path.dirname(appDir)), 'release', packagedAppPath('linux', process.arch, names))).toBe(path.join(appDir, packageJson.name));
  });

  it('keeps only the Swedish and English Chromium locales', async () => {
    expect((await readdir(path.join(appDir, 'locales'))).sort()).toEqual(['en-GB.pak', 'en-US.pak', 'sv.pak']);
  });

  it('keeps no loose app folder next to the archive', async () => {
    expect((await readdir(path.join(appDir, 'resources'))).filter((name) => name !== 'app-update.yml')).toEqual(['app.asar']);
  });
});

function isDirectory(entry: string): boolean {
  return 'files' in statFile(asarPath, entry.slice(1));
}

function fileSize(entry: string): number {
  const info = statFile(asarPath, entry.slice(1));
  return 'size' in info ? info.size : 0;
}
