import { APP_VIEWS, type AppView } from './app-view';
import type { Messages } from '../i18n/messages';

interface AppNavProps {
  /** The current view; null while the app has not decided where to open. */
  view: AppView | null;
  messages: Messages;
  onChange: (view: AppView) => void;
}

/** The top-level navigation: one button per view; the current one has aria-current="page". */
export function AppNav({ view, messages, onChange }: AppNavProps) {
  return (
    <nav className="app-nav" aria-label={messages.nav.label}>
      <ul>
        {APP_VIEWS.map((candidate) => (
          <li key={candidate}>
            <button
              type="button"
              className="nav-item"
              aria-current={candidate === view ? 'page' : undefined}
              data-testid={`nav-${candidate}`}
              onClick={() => onChange(candidate)}
            >
              {messages.nav.views[candidate]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
