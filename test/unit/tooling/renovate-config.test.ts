// renovate.json is read by Renovate's hosted app, which cannot run here (its validator needs Node 24
// and a large install), so this test checks the decisions the file encodes by applying its
// packageRules the way Renovate does: in order, each matching rule overriding the ones before it.
import { describe, expect, it } from 'vitest';
import { readProjectFile, type PackageJson } from '../packaging/packaging-files';

interface PackageRule {
  description?: string;
  matchPackageNames?: string[];
  matchUpdateTypes?: string[];
  matchManagers?: string[];
  groupName?: string;
  allowedVersions?: string;
  automerge?: boolean;
  dependencyDashboardApproval?: boolean;
}

interface RenovateConfig {
  $schema?: string;
  extends: string[];
  rangeStrategy?: string;
  automerge?: boolean;
  packageRules: PackageRule[];
}

const config = readProjectFile<RenovateConfig>('renovate.json');
const devDependencies = Object.keys(readProjectFile<PackageJson>('package.json').devDependencies ?? {});

/** Renovate's name matching for the two forms used here: an exact name and a `@scope/**` glob. */
function nameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('/**') ? name.startsWith(pattern.slice(0, -2)) : pattern === name;
}

/** The settings Renovate ends up with for one npm package and update type. */
function effective(name: string, updateType = 'minor', manager = 'npm'): PackageRule {
  const top: PackageRule = { ...(config.automerge === undefined ? {} : { automerge: config.automerge }) };
  return config.packageRules
    .filter((rule) => !rule.matchPackageNames || rule.matchPackageNames.some((pattern) => nameMatches(pattern, name)))
    .filter((rule) => !rule.matchUpdateTypes || rule.matchUpdateTypes.includes(updateType))
    .filter((rule) => !rule.matchManagers || rule.matchManagers.includes(manager))
    .reduce<PackageRule>((merged, rule) => ({ ...merged, ...rule }), top);
}

const TEST_TOOLCHAIN = ['vitest', 'vite', '@vitejs/plugin-react', 'playwright', '@playwright/test', 'typescript', 'typescript-eslint', 'eslint', '@eslint/js'];
const PACKAGING = ['electron-builder', 'electron-updater', '@electron/asar', '@electron/fuses'];

describe('the Renovate configuration', () => {
  it('names Renovate\'s schema and builds on the recommended presets', () => {
    expect(config.$schema).toBe('https://docs.renovatebot.com/renovate-schema.json');
    expect(config.extends).toContain('config:recommended');
    expect(config.extends).toContain('security:minimumReleaseAgeNpm');
  });

  it('pins npm versions exactly and GitHub Actions by commit digest', () => {
    expect(config.rangeStrategy).toBe('pin');
    expect(config.extends).toContain('helpers:pinGitHubActionDigests');
    expect(effective('actions/checkout', 'minor', 'github-actions').groupName).toBe('GitHub Actions');
  });

  it('puts Electron in a group of its own', () => {
    expect(effective('electron').groupName).toBe('Electron');
    expect(effective('electron', 'patch').groupName).toBe('Electron');
  });

  it('groups electron-builder with electron-updater and every @electron/ package', () => {
    for (const name of PACKAGING) expect(effective(name).groupName, name).toBe('electron-builder');
  });

  it('groups the test toolchain', () => {
    for (const name of TEST_TOOLCHAIN) expect(effective(name).groupName, name).toBe('test toolchain');
  });

  it('names only packages the project depends on', () => {
    for (const name of ['electron', ...PACKAGING, ...TEST_TOOLCHAIN]) expect(devDependencies, name).toContain(name);
  });

  it('never merges anything by itself, and holds an Electron major for approval', () => {
    expect(config.automerge).toBe(false);
    for (const rule of config.packageRules) expect(rule.automerge, rule.description).not.toBe(true);
    expect(effective('electron', 'major')).toMatchObject({ automerge: false, dependencyDashboardApproval: true });
    expect(effective('electron', 'minor').dependencyDashboardApproval).toBeUndefined();
  });

  it('holds back the majors that need a Node newer than 20, or break a pairing', () => {
    expect(effective('vitest').allowedVersions).toBe('<5');
    expect(effective('typescript').allowedVersions).toBe('<6.1.0');
    expect(effective('@electron/fuses').allowedVersions).toBe('<2');
    expect(effective('@electron/asar').allowedVersions).toBe('<4');
    expect(effective('electron-builder').allowedVersions).toBe('<27');
    expect(effective('electron-updater').allowedVersions).toBe('<7');
    expect(effective('@types/node').allowedVersions).toBe('<21');
  });

  it('explains every rule', () => {
    for (const rule of config.packageRules) expect(rule.description, JSON.stringify(rule)).toMatch(/\S{3,}/);
  });
});
