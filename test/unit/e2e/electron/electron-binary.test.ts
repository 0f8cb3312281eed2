import { describe, expect, it } from 'vitest';
import { planElectronSuite } from '../../../e2e/electron/electron-binary';

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
