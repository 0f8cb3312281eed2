import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { actionReferenceCount, unpinnedActions } from './action-pins';
import { readProjectFile, ROOT } from './packaging-files';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Job {
  'runs-on': string;
  'timeout-minutes'?: number;
  permissions?: unknown;
  env?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix: { os: string[] } };
  steps: Step[];
}

interface Workflow {
  on: Record<string, unknown>;
  permissions?: unknown;
  concurrency?: { group: string; 'cancel-in-progress': unknown };
  jobs: Record<string, Job>;
}

const WORKFLOW_FILE = '.github/workflows/ci.yml';
const workflowText = readFileSync(path.join(ROOT, WORKFLOW_FILE), 'utf8');
const workflow = readProjectFile<Workflow>(WORKFLOW_FILE);
const jobs = Object.values(workflow.jobs);
const job = workflow.jobs['test'];
const steps = job?.steps ?? [];
const stepIndex = (pattern: RegExp): number => steps.findIndex((step) => pattern.test(step.run ?? ''));
const testSteps = steps.filter((step) => /^(xvfb-run -a )?npm test$/.test(step.run ?? ''));

describe('the CI workflow', () => {
  it('is a valid GitHub Actions workflow', () => {
    expect(validateWorkflow(workflowText).errors).toEqual([]);
  });

  it('would catch a broken workflow', () => {
    expect(validateWorkflow(workflowText.replace('runs-on:', 'run-on:')).errors).not.toEqual([]);
  });

  it('runs for every push and every pull request', () => {
    expect(workflow.on).toEqual({ push: null, pull_request: null });
  });

  it('tests on Linux, macOS and Windows, letting each finish when another fails', () => {
    expect(Object.keys(workflow.jobs)).toEqual(['test']);
    expect(job?.strategy?.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    expect(job?.strategy?.['fail-fast']).toBe(false);
    expect(job?.['runs-on']).toBe('${{ matrix.os }}');
  });

  it('may only read the repository, and no job asks for more', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const each of jobs) expect(each.permissions).toBeUndefined();
  });

  it('cancels an older run of the same pull request, but not runs of pushed branches', () => {
    expect(workflow.concurrency?.group).toMatch(/github\.event\.pull_request\.number \|\| github\.ref/);
    expect(workflow.concurrency?.['cancel-in-progress']).toBe("${{ github.event_name == 'pull_request' }}");
  });

  it('gives every job a timeout', () => {
    for (const each of jobs) expect(each['timeout-minutes']).toBeGreaterThan(0);
    for (const each of jobs) expect(each['timeout-minutes']).toBeLessThanOrEqual(60);
  });

  it('does not leave the checkout token in the git config, and uses no secret', () => {
    const checkouts = steps.filter((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkouts).toHaveLength(1);
    expect(checkouts[0]?.with?.['persist-credentials']).toBe(false);
    expect(workflowText).not.toMatch(/secrets\./);
  });

  it('uses Node 22, which the Electron installer needs', () => {
    const setupNode = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(String(setupNode?.with?.['node-version'])).toBe('22');
  });

  it('requires a real Electron binary and uses Playwright\'s own Chromium', () => {
    expect(job?.env?.['REQUIRE_ELECTRON']).toBe('1');
    expect(job?.env?.['PLAYWRIGHT_CHROMIUM']).toBe('1');
  });

  it('installs, downloads Electron and Chromium, then runs npm test, under a virtual display on Linux', () => {
    const install = stepIndex(/^npm ci\b/m);
    const electron = stepIndex(/npx --no install-electron/);
    const chromium = steps.filter((step) => /npx playwright install\b.*\bchromium$/.test(step.run ?? ''));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(electron).toBeGreaterThan(install);
    expect(chromium.map((step) => step.if).sort()).toEqual(["runner.os != 'Linux'", "runner.os == 'Linux'"]);
    expect(testSteps.map((step) => [step.if, step.run])).toEqual([
      ["runner.os == 'Linux'", 'xvfb-run -a npm test'],
      ["runner.os != 'Linux'", 'npm test'],
    ]);
    for (const step of [...chromium, ...testSteps]) expect(steps.indexOf(step)).toBeGreaterThan(electron);
  });

  it('lets Electron build its sandbox on Ubuntu before the tests', () => {
    const sandbox = stepIndex(/sysctl -w kernel\.apparmor_restrict_unprivileged_userns=0/);
    expect(steps[sandbox]?.if).toBe("runner.os == 'Linux'");
    expect(sandbox).toBeLessThan(steps.indexOf(testSteps[0] as Step));
  });

  it('packages unpacked after the tests, never publishing, then checks the fuses of the packaged binary', () => {
    const pack = stepIndex(/^npx electron-builder --dir --publish never$/);
    const fuses = stepIndex(/^npx tsx scripts\/check-packaged-fuses\.ts$/);
    expect(pack).toBeGreaterThan(Math.max(...testSteps.map((step) => steps.indexOf(step))));
    expect(fuses).toBeGreaterThan(pack);
    expect(steps[pack]?.if).toBeUndefined();
    expect(steps[fuses]?.if).toBeUndefined();
    expect(steps[pack]?.env?.['CSC_IDENTITY_AUTO_DISCOVERY']).toBe('false');
    expect(existsSync(path.join(ROOT, 'scripts/check-packaged-fuses.ts'))).toBe(true);
  });

  it('pins every action to a commit SHA, with its version in a comment', () => {
    expect(actionReferenceCount(workflowText)).toBe(steps.filter((step) => step.uses).length);
    expect(unpinnedActions(workflowText)).toEqual([]);
  });
});

describe('finding actions that are not pinned to a commit', () => {
  const pinned = '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1';

  it('accepts a full commit SHA with the version it stands for', () => {
    expect(unpinnedActions(pinned)).toEqual([]);
    expect(unpinnedActions('        uses: github/codeql-action/init@0123456789abcdef0123456789abcdef01234567 # v4')).toEqual([]);
  });

  it('flags an action referenced by tag or branch, as in the workflows before they were pinned', () => {
    expect(unpinnedActions('        uses: actions/checkout@v5')).toEqual([{ line: 1, text: '        uses: actions/checkout@v5' }]);
    expect(unpinnedActions('      - uses: actions/setup-node@main')).toHaveLength(1);
    expect(unpinnedActions(workflowText.replace(/@[0-9a-f]{40} # (v[\d.]+)/, '@$1'))).toHaveLength(1);
  });

  it('flags a short SHA, and a SHA without the version comment', () => {
    expect(unpinnedActions('      - uses: actions/checkout@3d3c42e')).toHaveLength(1);
    expect(unpinnedActions('      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1')).toHaveLength(1);
  });

  it('needs no pin for an action of this repository', () => {
    expect(unpinnedActions('      - uses: ./.github/actions/setup')).toEqual([]);
  });
});
