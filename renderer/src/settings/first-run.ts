import type { ConfigField, ConfigProblem } from '../../../shared/config-problems';
import type { AppInfo } from '../../../shared/ipc-contract';
import type { AppView } from '../shell/app-view';
import type { AppInfoState } from '../connect/connect-blocker';

/**
 * The problems that mean "the integration is not set up yet": the three values the user gets
 * from Fortnox's developer portal, or the IT department's managed file that should have set them.
 * Any other problem (a wrong token URL in the environment, a broken settings file) is a fault to
 * fix, not a first start, and the app opens on the company list as usual.
 */
export const SETUP_FIELDS: readonly ConfigField[] = ['clientId', 'redirectUri', 'clientSecret', 'managedFile', 'managedPolicy'];

/** The steps of the Get started checklist, in the order the Settings view asks for them. */
export const SETUP_STEPS = ['clientId', 'redirectUri', 'clientSecret'] as const;

/** One step of the Get started checklist. */
export type SetupStep = (typeof SETUP_STEPS)[number];

/** True when main reports the integration as not configured (see SETUP_FIELDS). */
export function needsSetup(info: AppInfo): boolean {
  return !info.config.ok && info.config.problems.some((problem) => SETUP_FIELDS.includes(problem.field));
}

/**
 * The view the app opens on, decided once main has answered getAppInfo: Settings, presented as
 * Get started, when the integration is not configured; otherwise the company list (also when
 * the answer failed, where the list has its own explanation).
 */
export function startView(appInfo: AppInfoState): AppView {
  return appInfo.state === 'loaded' && needsSetup(appInfo.info) ? 'settings' : 'companies';
}

/**
 * What the Settings view shows about the setup: `needed` while the integration is not
 * configured, `done` once it became configured in this session (so the user is offered the way
 * on to Connect), null when it never needed setting up.
 */
export type SetupStage = 'needed' | 'done' | null;

/** The setup stage from main's current answer and whether setup was needed earlier in this session. */
export function setupStage(info: AppInfo | null, neededBefore: boolean): SetupStage {
  if (info === null) return null;
  if (needsSetup(info)) return 'needed';
  return neededBefore && info.config.ok ? 'done' : null;
}

/**
 * Each checklist step: `todo` while main reports a problem with that value, else `done`. Main is
 * the one source of truth: it lists the client secret as missing whenever none is set
 * (SettingsService.config), so a blank start shows it as still to do.
 */
export function setupChecklist(problems: readonly ConfigProblem[]): Record<SetupStep, 'done' | 'todo'> {
  const open = (step: SetupStep) => problems.some((problem) => problem.field === step);
  return {
    clientId: open('clientId') ? 'todo' : 'done',
    redirectUri: open('redirectUri') ? 'todo' : 'done',
    clientSecret: open('clientSecret') ? 'todo' : 'done',
  };
}

/**
 * The problems the Settings form marks at its fields before the first save. On a first start an
 * empty field is not an error yet (the checklist says what is missing); a wrong value still is.
 */
export function problemsAtFields(problems: readonly ConfigProblem[], stage: SetupStage): readonly ConfigProblem[] {
  return stage === 'needed' ? problems.filter((problem) => problem.problem !== 'missing') : problems;
}

/**
 * The problems the Settings forms do not show by their fields: everything but the client id and
 * redirect URI (shown under their inputs) and a missing client secret (the secret form says no
 * secret is saved). These are listed on their own, with how to fix them or whom to ask.
 */
export function problemsOutsideForms(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return problems.filter(
    (problem) =>
      problem.field !== 'clientId' &&
      problem.field !== 'redirectUri' &&
      !(problem.field === 'clientSecret' && problem.problem === 'missing'),
  );
}
