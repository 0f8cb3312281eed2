import { isLanguage, LANGUAGES, type Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';

interface LanguageSwitchProps {
  messages: Messages;
  language: Language;
  onChange: (language: Language) => void;
}

/** A labelled select; its label is bilingual so either reader can find it. */
export function LanguageSwitch({ messages, language, onChange }: LanguageSwitchProps) {
  return (
    <div className="language-switch">
      <label htmlFor="language-select">{messages.languageLabel}</label>
      <select
        id="language-select"
        value={language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) onChange(event.target.value);
        }}
      >
        {LANGUAGES.map((option) => (
          <option key={option} value={option} lang={option}>
            {messages.languageNames[option]}
          </option>
        ))}
      </select>
    </div>
  );
}
