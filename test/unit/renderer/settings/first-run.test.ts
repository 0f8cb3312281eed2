import { describe, expect, it } from 'vitest';
import type { ConfigField, ConfigProblem } from '../../../../shared/config-problems';
import type { AppInfo } from '../../../../shared/ipc-contract';
import {
  needsSetup,
  problemsAtFields,
  problemsOutsideForms,
  setupChecklist,
  setupStage,
  startView,
} from '../../../../renderer/src/settings/first-run';

const ok: AppInfo = {
  version: '0.1.0',
  simulator: false,
  packaged: false,
  systemLanguages: ['sv-SE'],
  config: { ok: true, authorizeOrigin: 'https://apps.fortnox.se' },
};

const missing = (field: ConfigField): ConfigProblem => ({ field, problem: 'missing', source: 'default' });
const broken = (...problems: ConfigProblem[]): AppInfo => ({
  ...ok,
  config: { ok: false, problems: problems as [ConfigProblem, ...ConfigProblem[]] },
});

describe('first start', () => {
  it('opens on the company list when the configuration is valid', () => {
    expect(startView({ state: 'loaded', info: ok })).toBe('companies');
    expect(needsSetup(ok)).toBe(false);
  });

  it('opens on Settings when the client id, redirect URI or client secret is not configured', () => {
    for (const field of ['clientId', 'redirectUri', 'clientSecret'] as const) {
      expect(startView({ state: 'loaded', info: broken(missing(field)) }), field).toBe('settings');
    }
  });

  it('opens on Settings when the managed configuration file from the IT department is broken', () => {
    const info = broken({ field: 'managedFile', problem: 'invalid_file', source: 'managed' });
    expect(startView({ state: 'loaded', info })).toBe('settings');
  });

  it('opens on Settings when setup values are missing among other problems', () => {
    const info = broken({ field: 'tokenUrl', problem: 'not_https', source: 'environment' }, missing('clientSecret'));
    expect(startView({ state: 'loaded', info })).toBe('settings');
  });

  it('opens on the company list for faults that are not a missing setup, such as a wrong token URL', () => {
    const info = broken({ field: 'tokenUrl', problem: 'not_https', source: 'environment' });
    expect(startView({ state: 'loaded', info })).toBe('companies');
    expect(startView({ state: 'loaded', info: broken({ field: 'settingsFile', problem: 'invalid_file', source: 'settings-file' }) })).toBe(
      'companies',
    );
  });

  it('opens on the company list when the app info could not be read', () => {
    expect(startView({ state: 'failed' })).toBe('companies');
  });
});

describe('setup stage', () => {
  it('is needed while the integration is not configured', () => {
    expect(setupStage(broken(missing('clientId')), false)).toBe('needed');
    expect(setupStage(broken(missing('clientId')), true)).toBe('needed');
  });

  it('is done once the configuration became valid after setup was needed', () => {
    expect(setupStage(ok, true)).toBe('done');
  });

  it('is absent when setup was never needed or nothing is known yet', () => {
    expect(setupStage(ok, false)).toBeNull();
    expect(setupStage(null, true)).toBeNull();
  });

  it('is not "done" while other problems remain after the setup values were given', () => {
    const info = broken({ field: 'tokenUrl', problem: 'not_https', source: 'environment' });
    expect(setupStage(info, true)).toBeNull();
  });
});

describe('setup checklist', () => {
  it('marks every value with a problem as still to do and the rest as done', () => {
    expect(setupChecklist([missing('clientSecret'), { field: 'redirectUri', problem: 'not_https', source: 'settings-file' }])).toEqual({
      clientId: 'done',
      redirectUri: 'todo',
      clientSecret: 'todo',
    });
    expect(setupChecklist([])).toEqual({ clientId: 'done', redirectUri: 'done', clientSecret: 'done' });
  });

  it('shows the client secret as still to do on a blank start, from the problems main lists (its one source of truth)', () => {
    // What SettingsService.config() reports on a blank start (see settings-service.test.ts).
    const blankStart = [missing('clientId'), missing('redirectUri'), missing('clientSecret')];
    expect(setupChecklist(blankStart)).toEqual({ clientId: 'todo', redirectUri: 'todo', clientSecret: 'todo' });
    expect(setupChecklist([missing('clientId')]).clientSecret).toBe('done');
  });
});

describe('problems outside the settings forms', () => {
  it('leaves out what the forms show by their fields, and a missing secret', () => {
    const managed: ConfigProblem = { field: 'managedFile', problem: 'unreadable_file', source: 'managed' };
    const secretFromEnvironment: ConfigProblem = { field: 'clientSecret', problem: 'invalid_format', source: 'environment' };
    const problems = [missing('clientId'), missing('redirectUri'), missing('clientSecret'), managed, secretFromEnvironment];
    expect(problemsOutsideForms(problems)).toEqual([managed, secretFromEnvironment]);
  });
});

describe('problems marked at the settings fields', () => {
  const wrong: ConfigProblem = { field: 'redirectUri', problem: 'not_https', source: 'settings-file' };

  it('does not mark empty fields as errors on a first start, but still marks a wrong value', () => {
    expect(problemsAtFields([missing('clientId'), wrong], 'needed')).toEqual([wrong]);
  });

  it('marks a missing value as an error once the app was set up before', () => {
    expect(problemsAtFields([missing('clientId'), wrong], null)).toEqual([missing('clientId'), wrong]);
  });
});
