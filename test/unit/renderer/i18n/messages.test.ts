import { describe, expect, it } from 'vitest';
import { CONFIG_FIELDS, CONFIG_PROBLEMS, CONFIG_SOURCES } from '../../../../shared/config-problems';
import { FLOW_ERROR_CODES } from '../../../../shared/flow-errors';
import { HELP_TARGETS } from '../../../../shared/ipc-contract';
import { SETUP_STEPS } from '../../../../renderer/src/settings/first-run';
import { configProblemText } from '../../../../renderer/src/settings/config-problem-text';
import type { ConnectBlocker } from '../../../../renderer/src/connect/connect-blocker';
import { CONFIG_FIELD_NAMES, SETTINGS_FILE_NAME } from '../../../../renderer/src/i18n/config-field-names';
import { LANGUAGES } from '../../../../renderer/src/i18n/language';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

const SOURCES = CONFIG_SOURCES;
const BLOCKERS: ConnectBlocker[] = [
  'loading',
  'app-info-failed',
  'config-invalid',
  'no-scopes',
  'signing-in',
  'exchanging',
  'starting',
];

describe('messages', () => {
  it('explain every flow error with a title and a body in Swedish and English', () => {
    for (const language of LANGUAGES) {
      for (const code of FLOW_ERROR_CODES) {
        const text = MESSAGES[language].flow.errors[code];
        expect(text.title.trim(), `${language} ${code}`).not.toBe('');
        expect(text.body.trim(), `${language} ${code}`).not.toBe('');
      }
    }
  });

  it('give every flow error its own title', () => {
    for (const language of LANGUAGES) {
      const titles = FLOW_ERROR_CODES.map((code) => MESSAGES[language].flow.errors[code].title);
      expect(new Set(titles).size).toBe(titles.length);
    }
  });

  it('describe every configuration field and problem from every source, naming where to fix it or whom to ask', () => {
    for (const language of LANGUAGES) {
      for (const field of CONFIG_FIELDS) {
        for (const problem of CONFIG_PROBLEMS) {
          for (const source of SOURCES) {
            const text = configProblemText({ field, problem, source }, MESSAGES[language]);
            expect(text.trim(), `${language} ${field} ${problem} ${source}`).not.toBe('');
            if (field === 'managedFile' || field === 'managedPolicy' || source === 'managed' || problem === 'locked') {
              // Only the IT department can change these; the sentence says so instead of naming a file.
              expect(text, text).toContain('IT');
              continue;
            }
            if (field === 'firmServer') {
              // Firm mode's problem is fixed by signing in, in the app's Settings.
              expect(text, text).toMatch(/Inställningar|Settings/);
              continue;
            }
            const fieldNames = CONFIG_FIELD_NAMES[field];
            const names = fieldNames
              ? [fieldNames.environment, fieldNames.settingsKey].filter((name): name is string => name !== null)
              : [SETTINGS_FILE_NAME];
            expect(names.some((name) => text.includes(name)), text).toBe(true);
          }
        }
      }
    }
  });

  it('offer FORTNOX_CLIENT_SECRET for a missing client secret only outside an installed app, which ignores it', () => {
    const missingSecret = { field: 'clientSecret', problem: 'missing', source: 'default' } as const;
    expect(configProblemText(missingSecret, MESSAGES.sv, true)).toBe('Klienthemligheten (client secret) saknas. Ange den under Inställningar i appen.');
    expect(configProblemText(missingSecret, MESSAGES.en, true)).toBe('The client secret is missing. Enter it under Settings in the app.');
    for (const language of LANGUAGES) {
      expect(configProblemText(missingSecret, MESSAGES[language], true)).not.toContain('FORTNOX_CLIENT_SECRET');
      expect(configProblemText(missingSecret, MESSAGES[language], false)).toContain('FORTNOX_CLIENT_SECRET');
    }
  });

  it('say that the managed client secret itself is readable by every user', () => {
    expect(MESSAGES.sv.settings.secretManaged).toContain('Hemligheten går att läsa för alla användare på den här datorn.');
    expect(MESSAGES.sv.settings.secretManaged).not.toContain('Den går att läsa');
  });

  it('say what the brief asks for a missing client id', () => {
    expect(configProblemText({ field: 'clientId', problem: 'missing', source: 'default' }, MESSAGES.en)).toBe(
      'Client id is missing. Set FORTNOX_CLIENT_ID or add clientId to the settings file.',
    );
  });

  it('name every configuration source and every reason Connect is disabled', () => {
    for (const language of LANGUAGES) {
      for (const source of SOURCES) expect(MESSAGES[language].config.sources[source].trim()).not.toBe('');
      for (const blocker of BLOCKERS) expect(MESSAGES[language].connect.blockers[blocker].trim()).not.toBe('');
    }
  });

  it('use the same bilingual label for the language switch in both languages', () => {
    expect(MESSAGES.sv.languageLabel).toBe(MESSAGES.en.languageLabel);
  });

  it('label every help page main can open, each differently, in both languages', () => {
    for (const language of LANGUAGES) {
      const labels = HELP_TARGETS.map((target) => MESSAGES[language].help.labels[target]);
      for (const label of labels) expect(label.trim(), language).not.toBe('');
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it('name every Get started step and both of its states', () => {
    for (const language of LANGUAGES) {
      const { setup } = MESSAGES[language];
      for (const step of SETUP_STEPS) expect(setup.steps[step].trim()).not.toBe('');
      expect(setup.stepStates.done).not.toBe(setup.stepStates.todo);
    }
  });

  it('say where a managed client secret is used that every user of the computer can read it, and prefer per-user entry', () => {
    expect(MESSAGES.sv.settings.secretManaged).toContain('alla användare på den här datorn');
    expect(MESSAGES.sv.settings.secretManaged).toContain('bara för din användare');
    expect(MESSAGES.en.settings.secretManaged).toContain('every user of this computer can read');
    expect(MESSAGES.en.settings.secretManaged).toContain('for your user only');
  });

  it('say that an unprotected managed file must be owned by root or Administrators and writable by no one else', () => {
    const problem = { field: 'managedFile', problem: 'not_protected', source: 'managed' } as const;
    expect(configProblemText(problem, MESSAGES.sv)).toContain('inte skyddad');
    expect(configProblemText(problem, MESSAGES.sv)).toContain('root');
    expect(configProblemText(problem, MESSAGES.sv)).toContain('Administratörer');
    expect(configProblemText(problem, MESSAGES.en)).toContain('is not protected and is not used: it must be owned by root');
    expect(configProblemText(problem, MESSAGES.en)).toContain('Administrators');
    expect(configProblemText(problem, MESSAGES.en)).toContain('writable by no one else');
  });

  it('say in the diagnostics note that no secrets are copied', () => {
    expect(MESSAGES.sv.support.includes).toContain('Inga hemligheter');
    expect(MESSAGES.en.support.includes).toContain('No secrets');
  });

  it('have no empty text anywhere, in either language', () => {
    for (const language of LANGUAGES) {
      for (const [path, text] of textLeaves(MESSAGES[language], language)) expect(text.trim(), path).not.toBe('');
    }
  });

  it('says how many connections are left out in the singular for one, and the real limit', () => {
    expect(MESSAGES.sv.attention.omitted(1)).toMatch(/^1 anslutning visas inte: appen visar högst 10\u00a0000 företag\./);
    expect(MESSAGES.sv.attention.omitted(2)).toMatch(/^2 anslutningar visas inte/);
    expect(MESSAGES.en.attention.omitted(1)).toMatch(/^1 connection is not shown: the app shows at most 10,000 companies\./);
    expect(MESSAGES.en.attention.omitted(1200)).toMatch(/^1,200 connections are not shown/);
  });

  it('words a Fortnox key mismatch idiomatically in Swedish', () => {
    expect(MESSAGES.sv.issues.tenant_mismatch).toMatch(/^Nycklarna och företagsuppgifterna från Fortnox gällde olika företag/);
  });

  it('offers to reconnect, not add, the other company when it is already connected', () => {
    expect(MESSAGES.sv.flow.reconnectOtherInstead('Café Söder AB')).toBe('Anslut Café Söder AB igen i stället');
    expect(MESSAGES.en.flow.reconnectOtherInstead('Café Söder AB')).toBe('Reconnect Café Söder AB instead');
  });
});

/** Every string in a messages object with its path (functions are covered by the tests above). */
function textLeaves(value: unknown, path: string): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => textLeaves(child, `${path}.${key}`));
}
