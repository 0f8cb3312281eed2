import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { LanguageSwitch } from './LanguageSwitch';

interface AppHeaderProps {
  messages: Messages;
  language: Language;
  onLanguageChange: (language: Language) => void;
  simulator: boolean;
  /** The integration's name from Settings or the managed configuration; null shows the app's name. */
  integrationName: string | null;
}

/** The compact header (48 px): the integration's name, the simulator badge (once) and the language switch. */
export function AppHeader({ messages, language, onLanguageChange, simulator, integrationName }: AppHeaderProps) {
  return (
    <header className="app-header">
      <div className="brand">
        <h1 dir="auto" data-testid="integration-name">
          {integrationName ?? messages.appTitle}
        </h1>
        {integrationName !== null && <span className="app-name">{messages.appTitle}</span>}
      </div>
      <div className="header-tools">
        {simulator && (
          <p className="simulator" data-testid="simulator-badge" title={messages.simulatorExplanation}>
            <span className="simulator-badge">{messages.simulatorBadge}</span>
            <span className="visually-hidden"> {messages.simulatorExplanation}</span>
          </p>
        )}
        <LanguageSwitch messages={messages} language={language} onChange={onLanguageChange} />
      </div>
    </header>
  );
}
