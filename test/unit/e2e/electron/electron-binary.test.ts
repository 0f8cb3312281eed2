import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { planElectronSuite } from '../../../e2e/electron/electron-binary';

const ROOT = path.resolve(__dirname, '../../../..');

const found = { path: '/opt/electron/electron' };
const missing = { missing: 'No Electron binary: set ELECTRON_OVERRIDE_DIST_PATH' };

describe('whether the Electron suite runs, skips or fails', () => {
  it('runs the binary it found, required or not', () => {
    expect(planElectronSuite(found, {})).toEqual({ run: '/opt/electron/electron' });
    expect(planElectronSuite(found, { REQUIRE_ELECTRON: '1' })).toEqual({ run: '/opt/electron/electron' });
  });

  it('is skipped with the reason when no binary exists and none is required (these machines)', () => {
    expect(planElectronSuite(missing, {})).toEqual({ skip: missing.missing });
  });

  it('fails, naming the reason, when REQUIRE_ELECTRON=1 and no binary exists (GitHub runners)', () => {
    const plan = planElectronSuite(missing, { REQUIRE_ELECTRON: '1' });
    expect(plan).toEqual({ fail: expect.stringContaining('REQUIRE_ELECTRON=1') });
    expect('fail' in plan && plan.fail).toContain(missing.missing);
  });

  it('treats only the exact value 1 as a requirement', () => {
    for (const value of ['', '0', 'false', 'yes']) expect(planElectronSuite(missing, { REQUIRE_ELECTRON: value })).toHaveProperty('skip');
  });
});

describe('the Electron spec file', () => {
  // Lists the suite with Playwright (no browser, no Electron is started) while an empty
  // ELECTRON_OVERRIDE_DIST_PATH hides any binary, so this behaves alike here and on GitHub's runners.
  async function listSuite(env: Record<string, string>): Promise<{ code: number; output: string }> {
    const noBinary = await mkdtemp(path.join(os.tmpdir(), 'no-electron-'));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', '--project', 'electron', '--list'], {
        cwd: ROOT,
        env: { ...process.env, REQUIRE_ELECTRON: '', ...env, ELECTRON_OVERRIDE_DIST_PATH: noBinary },
      });
      return { code: 0, output: stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    } finally {
      await rm(noBinary, { recursive: true, force: true });
    }
  }

  it('loads its tests (to be skipped) when no binary exists and none is required', async () => {
    const listed = await listSuite({});
    expect(listed.code).toBe(0);
    expect(listed.output).toMatch(/Total: [1-9]\d* tests? in [1-9]\d* files?/);
  }, 30_000);

  it('fails with the reason when REQUIRE_ELECTRON=1 and no binary exists', async () => {
    const listed = await listSuite({ REQUIRE_ELECTRON: '1' });
    expect(listed.code).not.toBe(0);
    expect(listed.output).toContain('REQUIRE_ELECTRON=1 but the Electron suite cannot run');
  }, 30_000);
});
