import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { matrix: { os: string[] } };
  steps: Step[];
}

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const WORKFLOW_FILE = '.github/workflows/release.yml';
const workflowText = readFileSync(path.join(ROOT, WORKFLOW_FILE), 'utf8');
const workflow = readProjectFile<Workflow>(WORKFLOW_FILE);
const jobs = Object.values(workflow.jobs);
const releaseJob = workflow.jobs['release'];
const steps = releaseJob?.steps ?? [];

const runs = (step: Step, pattern: RegExp): boolean => pattern.test(step.run ?? '');
const isPublishStep = (step: Step): boolean => runs(step, /electron-builder\b[^\n]*--publish always/);
const createsRelease = (step: Step): boolean => runs(step, /gh release create\b/);
const publishSteps = steps.filter(isPublishStep);
const macStep = publishSteps.find((step) => step.if === "runner.os == 'macOS'");
const windowsStep = publishSteps.find((step) => step.if === "runner.os == 'Windows'");

/** Variables that carry credentials; each must come straight from `secrets.*`. */
const CREDENTIAL = /(TOKEN|PASSWORD|SECRET|CSC_LINK|APPLE_API|APPLE_TEAM|AZURE_TENANT|AZURE_CLIENT)/;

describe('the release workflow', () => {
  it('is a valid GitHub Actions workflow', () => {
    expect(validateWorkflow(workflowText).errors).toEqual([]);
  });

  it('would catch a broken workflow', () => {
    expect(validateWorkflow(workflowText.replace('runs-on:', 'run-on:')).errors).not.toEqual([]);
  });

  it('runs only for pushed version tags', () => {
    expect(Object.keys(workflow.on)).toEqual(['push']);
    expect(workflow.on['push']).toEqual({ tags: ['v*'] });
  });

  it('creates one draft release first, then builds on macOS and Windows with Node 22', () => {
    expect(Object.keys(workflow.jobs)).toEqual(['draft', 'release']);
    expect(workflow.jobs['draft']?.steps.some(createsRelease)).toBe(true);
    expect(releaseJob?.needs).toBe('draft');
    expect(releaseJob?.strategy?.matrix.os).toEqual(['macos-latest', 'windows-latest']);
    expect(releaseJob?.['runs-on']).toBe('${{ matrix.os }}');
    const setupNode = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(String(setupNode?.with?.['node-version'])).toBe('22');
  });

  it('pins every action to a commit SHA, with its version in a comment', () => {
    const actions = jobs.flatMap((job) => job.steps.flatMap((step) => (step.uses ? [step.uses] : [])));
    expect(actions.length).toBeGreaterThan(0);
    expect(actionReferenceCount(workflowText)).toBe(actions.length);
    expect(unpinnedActions(workflowText)).toEqual([]);
    for (const action of actions) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  it('sets REQUIRE_ELECTRON=1 for the Electron suite, so a missing binary fails the release', () => {
    const e2e = steps.find((step) => runs(step, /npx playwright test --project=electron/));
    expect(e2e?.env?.['REQUIRE_ELECTRON']).toBe('1');
  });

  it('installs, builds and runs the Electron end-to-end suite before anything is packaged', () => {
    const index = (pattern: RegExp) => steps.findIndex((step) => runs(step, pattern));
    const install = index(/^npm ci$/m);
    const build = index(/^npm run build$/m);
    const e2e = index(/npx playwright test --project=electron/);
    expect(install).toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(build);
    expect(build).toBeLessThan(e2e);
    expect(publishSteps).toHaveLength(2);
    for (const step of publishSteps) expect(steps.indexOf(step)).toBeGreaterThan(e2e);
  });

  it('publishes each platform from its own runner with the GitHub token', () => {
    expect(macStep?.run).toMatch(/npx electron-builder --mac --publish always/);
    expect(windowsStep?.run).toMatch(/npx electron-builder --win --publish always/);
    for (const step of publishSteps) expect(step.env?.['GH_TOKEN']).toBe('${{ secrets.GITHUB_TOKEN }}');
  });

  it('takes every credential from secrets, and keeps secrets out of the scripts themselves', () => {
    const allSteps = jobs.flatMap((job) => job.steps);
    const credentials = allSteps.flatMap((step) => Object.entries(step.env ?? {}).filter(([name]) => CREDENTIAL.test(name)));
    expect(credentials.length).toBeGreaterThan(0);
    for (const [name, value] of credentials) expect(value, name).toMatch(/^\$\{\{ secrets\.[A-Z0-9_]+ \}\}$/);
    for (const step of allSteps) expect(step.run ?? '', step.name).not.toMatch(/secrets\./);
  });

  it("gives each platform's step only that platform's signing secrets", () => {
    const secretNames = (step: Step | undefined) => Object.values(step?.env ?? {}).join(' ');
    expect(secretNames(macStep)).toMatch(/secrets\.MAC_CSC_LINK/);
    expect(secretNames(macStep)).toMatch(/secrets\.APPLE_API_KEY\b/);
    expect(secretNames(macStep)).not.toMatch(/WIN_|AZURE_/);
    expect(secretNames(windowsStep)).toMatch(/secrets\.WIN_CSC_LINK/);
    expect(secretNames(windowsStep)).toMatch(/secrets\.AZURE_CLIENT_SECRET/);
    expect(secretNames(windowsStep)).not.toMatch(/MAC_|APPLE_/);
  });

  it('asks for no permission at the top and for contents: write only in the jobs that write the release', () => {
    expect(workflow.permissions ?? {}).toEqual({});
    for (const job of jobs) {
      const granted = Object.entries(job.permissions ?? {});
      expect(granted).toEqual([['contents', 'write']]);
      expect(job.steps.some((step) => isPublishStep(step) || createsRelease(step))).toBe(true);
    }
  });

  it('does not leave the checkout token in the git config', () => {
    const checkouts = jobs.flatMap((job) => job.steps.filter((step) => step.uses?.startsWith('actions/checkout@')));
    expect(checkouts).toHaveLength(jobs.length);
    for (const checkout of checkouts) expect(checkout.with?.['persist-credentials']).toBe(false);
  });

  it('refuses a tag that does not match the version electron-builder publishes under', () => {
    const check = workflow.jobs['draft']?.steps.find((step) => runs(step, /package\.json/));
    expect(check?.run).toMatch(/GITHUB_REF_NAME" != "\$expected"/);
  });
});

// The step runs on macOS only; the stand-in `npx` and the PATH built here assume a POSIX shell.
describe.skipIf(process.platform === 'win32')('the macOS packaging script', () => {
  // Runs the step's bash script with a stand-in `npx` that records what electron-builder would get.
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'release-step-'));
    const fakeNpx = path.join(dir, 'npx');
    writeFileSync(
      fakeNpx,
      '#!/usr/bin/env bash\necho "args=$*"\necho "CSC_LINK=${CSC_LINK-<unset>}"\necho "APPLE_API_KEY=${APPLE_API_KEY-<unset>}"\n',
    );
    chmodSync(fakeNpx, 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function runMacStep(secrets: Record<string, string>): string {
    const unsetSecrets = Object.fromEntries(
      Object.keys(macStep?.env ?? {})
        .filter((name) => name !== 'GH_TOKEN')
        .map((name) => [name, '']),
    );
    return execFileSync('bash', ['--noprofile', '--norc', '-c', macStep?.run ?? 'exit 1'], {
      env: { PATH: `${dir}:${process.env.PATH ?? ''}`, HOME: dir, RUNNER_TEMP: dir, ...unsetSecrets, ...secrets },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  it('builds unsigned, without a CSC_LINK, when no secrets are configured', () => {
    const output = runMacStep({});
    expect(output).toContain('args=electron-builder --mac --publish always');
    expect(output).toContain('CSC_LINK=<unset>');
    expect(output).toContain('APPLE_API_KEY=<unset>');
  });

  it('passes the certificate and writes the API key to a file when they are configured', () => {
    const output = runMacStep({ MAC_CSC_LINK: 'base64-p12', APPLE_API_KEY_CONTENT: '-----BEGIN PRIVATE KEY-----' });
    expect(output).toContain('CSC_LINK=base64-p12');
    const keyFile = path.join(dir, 'apple-api-key.p8');
    expect(output).toContain(`APPLE_API_KEY=${keyFile}`);
    expect(readFileSync(keyFile, 'utf8')).toBe('-----BEGIN PRIVATE KEY-----\n');
  });
});
