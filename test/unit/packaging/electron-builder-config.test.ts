import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { installedVersion, readProjectFile, ROOT, type PackageJson } from './packaging-files';

interface TargetEntry {
  target: string;
  arch: string[];
}

/** The parts of electron-builder.yml these tests read. */
interface BuilderConfig {
  appId: string;
  productName: string;
  asar: boolean;
  directories: { output: string; buildResources: string };
  files: string[];
  electronFuses: Record<string, boolean>;
  mac: {
    target: TargetEntry[];
    hardenedRuntime: boolean;
    entitlements: string;
    entitlementsInherit: string;
    notarize: unknown;
    category: string;
  };
  win: { target: TargetEntry[]; azureSignOptions?: unknown; signtoolOptions?: unknown };
  nsis: { oneClick: boolean; perMachine: boolean; allowToChangeInstallationDirectory: boolean };
  linux: { target: string[]; category: string };
  publish: { provider: string; releaseType: string } | null;
  forceCodeSigning?: boolean;
  [key: string]: unknown;
}

const config = readProjectFile<BuilderConfig>('electron-builder.yml');
const packageJson = readProjectFile<PackageJson>('package.json');

// The schema of the installed electron-builder (draft-07). strict: false because it uses
// keywords and formats ajv does not know; additionalProperties: false still catches typos.
const schema = readProjectFile('node_modules/app-builder-lib/scheme.json');
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

function schemaErrors(candidate: unknown): ErrorObject[] {
  return validate(candidate) ? [] : [...(validate.errors ?? [])];
}

function unknownKeys(candidate: unknown): string[] {
  return schemaErrors(candidate)
    .filter((error) => error.keyword === 'additionalProperties')
    .map((error) => `${error.instancePath}/${String(error.params['additionalProperty'])}`);
}

/** A deep copy of the config, for tests that break it on purpose. */
function copyOfConfig(): BuilderConfig {
  return structuredClone(config);
}

describe('electron-builder.yml against the installed schema', () => {
  it('is valid', () => {
    expect(schemaErrors(config).map((e) => `${e.instancePath} ${e.message ?? ''}`)).toEqual([]);
  });

  it('rejects a misspelt top-level key', () => {
    const broken: Record<string, unknown> = copyOfConfig();
    broken['productname'] = 'Fortnox Connector';
    expect(unknownKeys(broken)).toContain('/productname');
  });

  it('rejects a misspelt key inside nsis', () => {
    const broken = copyOfConfig();
    (broken.nsis as unknown as Record<string, unknown>)['oneClik'] = false;
    expect(unknownKeys(broken)).toContain('/nsis/oneClik');
  });

  it('rejects a misspelt fuse name', () => {
    const broken = copyOfConfig();
    broken.electronFuses['runAsnode'] = false;
    expect(unknownKeys(broken)).toContain('/electronFuses/runAsnode');
  });

  it('rejects a misspelt key inside mac', () => {
    const broken = copyOfConfig();
    (broken.mac as unknown as Record<string, unknown>)['hardenedRuntme'] = true;
    expect(unknownKeys(broken)).toContain('/mac/hardenedRuntme');
  });
});

describe('what the package contains', () => {
  it('names the app and writes installers to release/, apart from the bundlers output in out/', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z0-9-]+){2,}$/);
    expect(config.appId).not.toMatch(/example|electron/);
    expect(config.productName).toBe('Fortnox Connector');
    expect(config.directories).toEqual({ output: 'release', buildResources: 'build' });
    expect(config.asar).toBe(true);
  });

  it('packs only the main, preload and renderer bundles and package.json', () => {
    const included = config.files.filter((pattern) => !pattern.startsWith('!'));
    expect(included.sort()).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']);
  });

  it('excludes the simulator, tsc output, source maps, sources and .env files explicitly', () => {
    const excluded = config.files.filter((pattern) => pattern.startsWith('!'));
    expect(excluded).toEqual(
      expect.arrayContaining(['!out/simulator{,/**}', '!out/tsc{,/**}', '!**/*.map', '!**/*.{ts,tsx,mts,cts}', '!**/.env{,.*}']),
    );
  });

  it('keeps the bundled libraries out of the production dependencies', () => {
    // esbuild and Vite inline them; as dependencies electron-builder would copy them into the asar.
    const dependencies = Object.keys(packageJson.dependencies ?? {});
    for (const bundled of ['react', 'react-dom', 'zod']) expect(dependencies).not.toContain(bundled);
  });
});

describe('security settings', () => {
  it('flips the fuses a release build needs', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('signs macOS builds with the hardened runtime and only the JIT entitlement', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(config.mac.entitlementsInherit).toBe('build/entitlements.mac.plist');
    const plist = readFileSync(path.join(ROOT, config.mac.entitlements), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((match) => match[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('notarizes only when Apple credentials are present and never forces signing', () => {
    // `true` (or unset) lets electron-builder notarize when APPLE_* variables exist and skip otherwise;
    // an object or forceCodeSigning would make credential-less builds fail.
    expect(config.mac.notarize).toBe(true);
    expect(config.forceCodeSigning).not.toBe(true);
    // Azure Trusted Signing options make every Windows build sign; the release workflow adds them.
    expect(config.win.azureSignOptions).toBeUndefined();
    expect(config.win.signtoolOptions).toBeUndefined();
  });

  it('installs per user on Windows, without a UAC prompt, in a folder the user may change', () => {
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true });
  });
});

describe('targets', () => {
  it('builds a dmg and a zip for Apple silicon and Intel Macs', () => {
    expect(config.mac.category).toBe('public.app-category.finance');
    expect(config.mac.target).toEqual([
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
  });

  it('builds one NSIS installer for x64 and arm64 Windows', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
  });

  it('builds an AppImage and a deb filed under Office and Finance', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Office;Finance');
  });

  it('publishes to a draft GitHub release, and the dist scripts never publish', () => {
    expect(config.publish).toEqual({ provider: 'github', releaseType: 'draft' });
    for (const name of ['dist', 'dist:mac', 'dist:win', 'dist:linux']) {
      expect(packageJson.scripts[name], name).toMatch(/^npm run build && electron-builder( --(mac|win|linux))? --publish never$/);
    }
  });

  it('has the icon files each platform needs', () => {
    for (const icon of ['build/icon.icns', 'build/icon.ico', 'build/icon.png']) {
      expect(readFileSync(path.join(ROOT, icon)).length, icon).toBeGreaterThan(1000);
    }
  });
});

describe('electron-builder version', () => {
  it('is pinned exactly, because the next major renames keys this config uses', () => {
    expect(packageJson.devDependencies?.['electron-builder']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('is the installed one, whose schema the config is validated against', () => {
    const pinned = packageJson.devDependencies?.['electron-builder'];
    expect(installedVersion('electron-builder')).toBe(pinned);
    expect(installedVersion('app-builder-lib')).toBe(pinned);
  });
});
