import { Component, type ErrorInfo, type ReactNode } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import { chooseLanguage, readStoredLanguage } from '../i18n/language';
import { MESSAGES } from '../i18n/messages';
import { rendererErrorReport } from './renderer-error-report';
import { CrashView } from './CrashView';

interface Props {
  api: ConnectorApi;
  children: ReactNode;
}

/** localStorage, or undefined where reading the property itself throws. */
function storedLanguage() {
  try {
    return readStoredLanguage(window.localStorage);
  } catch {
    return null;
  }
}

/**
 * Catches an error thrown while rendering anything below it and shows the error view instead of a
 * blank window (React unmounts the whole tree otherwise). The view is in the user's stored language,
 * else the browser's; the app state that held the language is gone with the failed tree.
 */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  /** Sends the error to main's log (redacted, rate-limited there), so Copy diagnostics carries it. */
  override componentDidCatch(error: unknown, info: ErrorInfo) {
    try {
      void this.props.api.reportRendererError(rendererErrorReport(error, info.componentStack)).catch(() => undefined);
    } catch {
      // The error view shows regardless; a report that cannot be sent is not a second crash.
    }
  }

  override render() {
    if (!this.state.error) return this.props.children;
    const language = chooseLanguage({ stored: storedLanguage(), systemLanguages: undefined, browserLanguages: navigator.languages });
    return <CrashView api={this.props.api} messages={MESSAGES[language]} error={this.state.error} />;
  }
}
