import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  captureProcessCrashes,
  captureProcessErrors,
  createReloadBudget,
} from '../../../../main/lifecycle/process-error-capture';
import { KnownSecrets } from '../../../../main/logging/known-secrets';
import { createLogger, formatLogRecord } from '../../../../main/logging/logger';

const CODE = 'Ac0de-7f3a9b2c1d';

function setup() {
  const lines: string[] = [];
  const secrets = new KnownSecrets();
  const log = createLogger((record) => lines.push(formatLogRecord(record)), () => new Date(0), secrets);
  return { lines, log, secrets };
}

describe('captureProcessErrors', () => {
  it('logs an uncaught exception through the redacting logger', () => {
    const { lines, log } = setup();
    const events = new EventEmitter();
    captureProcessErrors(events, log);
    events.emit('uncaughtException', new Error(`callback failed for https://x.example/cb?code=${CODE}&state=abc`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('uncaught exception in main');
    expect(lines[0]).toContain('callback failed');
    expect(lines[0]).not.toContain(CODE);
  });

  it('logs an unhandled rejection, also of a non-Error value, and scrubs known secrets', () => {
    const { lines, log, secrets } = setup();
    const secret = 'cs/Pq+7x=Zk$w9Lm!rT';
    secrets.add(secret);
    const events = new EventEmitter();
    captureProcessErrors(events, log);
    events.emit('unhandledRejection', `refused ${secret}`);
    expect(lines[0]).toContain('unhandled rejection in main');
    expect(lines.join('\n')).not.toContain(secret);
  });
});

describe('captureProcessCrashes', () => {
  it('logs a gone renderer by its window kind and reason, never its URL, and reloads the app window', () => {
    const { lines, log } = setup();
    const events = new EventEmitter();
    const reloads: string[] = [];
    const appContents = { url: `app://renderer/index.html` };
    const signIn = { url: `https://apps.fortnox.se/oauth-v1/auth?state=${CODE}` };
    captureProcessCrashes(events, {
      log,
      describe: (contents) => (contents === appContents ? 'app window' : 'sign-in window'),
      onAppWindowGone: () => reloads.push('reload'),
    });
    events.emit('render-process-gone', {}, signIn, { reason: 'crashed', exitCode: 11 });
    events.emit('render-process-gone', {}, appContents, { reason: 'oom', exitCode: -1 });
    events.emit('render-process-gone', {}, appContents, { reason: 'clean-exit', exitCode: 0 });
    expect(lines[0]).toContain('window="sign-in window"');
    expect(lines[0]).toContain('reason="crashed"');
    expect(lines.join('\n')).not.toContain(CODE);
    expect(reloads).toEqual(['reload']);
  });

  it('logs a gone child process with its type, reason and exit code', () => {
    const { lines, log } = setup();
    const events = new EventEmitter();
    captureProcessCrashes(events, { log, describe: () => 'other', onAppWindowGone: () => undefined });
    events.emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 139 });
    expect(lines[0]).toContain('a child process is gone');
    expect(lines[0]).toContain('type="GPU"');
    expect(lines[0]).toContain('exitCode=139');
  });
});

describe('createReloadBudget', () => {
  it('allows a few reloads per window of time, then refuses until the window has passed', () => {
    let now = 0;
    const allow = createReloadBudget(3, 60_000, () => now);
    expect([allow(), allow(), allow(), allow()]).toEqual([true, true, true, false]);
    now = 60_000;
    expect(allow()).toBe(true);
  });
});
