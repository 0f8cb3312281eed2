import type { ConfigProblem } from '../../../shared/config-problems';
import { configProblemText } from '../config-problem-text';
import type { Messages } from '../i18n/messages';

interface ConfigProblemsProps {
  messages: Messages;
  problems: readonly ConfigProblem[];
}

/** Every configuration problem main reported, each with how to fix it and where the value came from. */
export function ConfigProblems({ messages, problems }: ConfigProblemsProps) {
  const { config } = messages;
  return (
    <section className="notice notice-error" role="alert" aria-labelledby="config-problems-heading" data-testid="config-problems">
      <h2 id="config-problems-heading">{config.heading}</h2>
      <p>{config.intro}</p>
      <ul className="problem-list">
        {problems.map((problem) => (
          <li key={`${problem.field}:${problem.problem}:${problem.source}`}>
            <span className="problem-text">{configProblemText(problem, messages)}</span>{' '}
            <span className="problem-source">
              ({config.sourceLabel}: {config.sources[problem.source]})
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
