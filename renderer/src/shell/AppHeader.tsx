import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { LanguageSwitch } from './LanguageSwitch';

interface AppHeaderProps {
  messages: Messages;
  language: Language;
  onLanguageChange: (language: Language) => void;
  simulator: boolean;
}

/** The banner: app name, simulator badge and the language switch. */
export function AppHeader({ messages, language, onLanguageChange, simulator }: AppHeaderProps) {
  return (
    <header className="app-header">
      <div className="brand">
        <h1>{messages.appTitle}</h1>
        <p className="subtitle">{messages.appSubtitle}</p>
      </div>
      <div className="header-tools">
        {simulator && (
          <p className="simulator" data-testid="simulator-badge" title={messages.simulatorExplanation}>
            <span className="simulator-badge">{messages.simulatorBadge}</span>{' '}
            <span className="simulator-text">{messages.simulatorExplanation}</span>
          </p>
        )}
        <LanguageSwitch messages={messages} language={language} onChange={onLanguageChange} />
      </div>
    </header>
  );
}
