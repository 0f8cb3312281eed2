import type { ConfigProblem } from '../../../shared/config-problems';
import { CONFIG_FIELD_NAMES } from '../i18n/config-field-names';
import type { Messages } from '../i18n/messages';

/**
 * One configuration problem as a sentence: what is wrong, then how to fix it. `packaged`
 * (appInfo.packaged) changes only the advice for a missing client secret: an installed build
 * ignores FORTNOX_CLIENT_SECRET, so the variable is not offered there. The Settings form's own
 * save problems (client id and redirect URI) leave it out.
 */
export function configProblemText(problem: ConfigProblem, messages: Messages, packaged = false): string {
  const { config } = messages;
  const what = config.problems[problem.problem](config.fieldNames[problem.field], problem.field);
  const fix = config.fix(CONFIG_FIELD_NAMES[problem.field], problem.problem, problem.source, problem.field, packaged);
  return `${what} ${fix}`;
}
