import type { ConfigProblem } from '../../shared/config-problems';
import { CONFIG_FIELD_NAMES } from './i18n/config-field-names';
import type { Messages } from './i18n/messages';

/** One configuration problem as a sentence: what is wrong, then how to fix it. */
export function configProblemText(problem: ConfigProblem, messages: Messages): string {
  const { config } = messages;
  const what = config.problems[problem.problem](config.fieldNames[problem.field], problem.field);
  const fix = config.fix(CONFIG_FIELD_NAMES[problem.field], problem.problem, problem.source, problem.field);
  return `${what} ${fix}`;
}
