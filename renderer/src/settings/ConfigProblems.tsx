import type { ConfigProblem } from '../../../shared/config-problems';
import { configProblemText } from './config-problem-text';
import type { Messages } from '../i18n/messages';

interface ConfigProblemsProps {
  messages: Messages;
  problems: readonly ConfigProblem[];
  /** Main's appInfo.packaged: an installed build, whose advice leaves development-only variables out. */
  packaged: boolean;
  /** The heading's level: 2 at the top of a view, 3 inside Settings (under the view's own heading). */
  level?: 2 | 3;
}

/** Every configuration problem main reported, each with how to fix it and where the value came from. */
export function ConfigProblems({ messages, problems, packaged, level = 2 }: ConfigProblemsProps) {
  const { config } = messages;
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="notice notice-error" role="alert" aria-labelledby="config-problems-heading" data-testid="config-problems">
      <Heading id="config-problems-heading">{config.heading}</Heading>
      <p>{config.intro}</p>
      <ul className="problem-list">
        {problems.map((problem) => (
          <li key={`${problem.field}:${problem.problem}:${problem.source}`}>
            <span className="problem-text">{configProblemText(problem, messages, packaged)}</span>{' '}
            <span className="problem-source">
              ({config.sourceLabel}: {config.sources[problem.source]})
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
