import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { EXIT_CODES } from '../../../main/lifecycle/exit-codes';
import { findElectronBinary, planElectronSuite } from './electron-binary';

const plan = planElectronSuite(findElectronBinary(), process.env);
const ROOT = path.resolve(__dirname, '../../..');

// Reported as skipped, never as passed, where no Electron binary exists (as on the CI machines
// here); a failure where REQUIRE_ELECTRON=1 says the suite must run (GitHub's runners).
if ('fail' in plan) throw new Error(plan.fail);
test.skip('skip' in plan, 'skip' in plan ? plan.skip : '');
// Before `ready`, dialog.showErrorBox is a modal dialog on macOS and Windows (it would wait for a
// click); on Linux it writes to stderr (Electron's dialog docs). So this runs on Linux only; the
// order and the dialog call on every OS are covered by test/unit/main/electron/index-startup.test.ts.
test.skip(process.platform !== 'linux', 'the refusal dialog would block before ready on this OS');

/**
 * Starts the real Electron binary on the development build, with the packaged build's switch check
 * turned on (FORTNOX_CONNECTOR_ENFORCE_SWITCHES=1, honoured only by development builds; a packaged
 * build always checks). Playwright's own launcher cannot be used: it adds `--inspect=0` and
 * `--remote-debugging-port=0`, which the check refuses too. Resolves when the process exits, or
 * when `until` sees what it waits for on stderr (the process is then ended by its pid).
 */
const running = new Set<ChildProcess>();

function runElectron(args: string[], userData: string, until?: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('run' in plan ? plan.run : '', [path.join(ROOT, 'out/main/index.cjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, FORTNOX_CONNECTOR_ENFORCE_SWITCHES: '1', FORTNOX_CONNECTOR_USER_DATA: userData, FORTNOX_USE_SIMULATOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    running.add(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (until && stderr.includes(until)) child.kill();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      running.delete(child);
      resolve({ code, stderr });
    });
  });
}

let userData = '';
test.beforeEach(async () => {
  userData = await mkdtemp(path.join(os.tmpdir(), 'connector-switch-e2e-'));
});
test.afterEach(async () => {
  // A start that hung past the test's time-out: end it (only the processes this file started).
  for (const child of running) child.kill();
  await rm(userData, { recursive: true, force: true });
});

test('a start with --proxy-server is refused with a message in Swedish and English and a non-zero exit code', async () => {
  const { code, stderr } = await runElectron(['--proxy-server=http://127.0.0.1:9'], userData);
  expect(code).toBe(EXIT_CODES.forbiddenSwitch);
  expect(stderr).toContain('startades med inställningar');
  expect(stderr).toContain('was started with options');
  expect(stderr).toContain('--proxy-server');
  expect(stderr).not.toContain('app started');
});

test('the same start without the switch is not refused', async () => {
  const { stderr } = await runElectron([], userData, 'app started');
  expect(stderr).toContain('app started');
  expect(stderr).not.toContain('refused to start');
});
