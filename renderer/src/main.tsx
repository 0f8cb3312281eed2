import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { languageFromSystem } from './i18n/language';
import { MESSAGES } from './i18n/messages';
import './styles/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// The preload installs window.connector; without it (page opened outside the app) say so plainly.
const api = typeof window.connector === 'object' && window.connector !== null ? window.connector : null;

createRoot(container).render(
  <StrictMode>
    {api ? (
      <ErrorBoundary api={api}>
        <App api={api} />
      </ErrorBoundary>
    ) : (
      <MissingConnector />
    )}
  </StrictMode>,
);

function MissingConnector() {
  const messages = MESSAGES[languageFromSystem(navigator.languages)];
  return (
    <main className="layout">
      <h1>{messages.appTitle}</h1>
      <p className="notice notice-error" role="alert">
        {messages.noConnector}
      </p>
    </main>
  );
}
