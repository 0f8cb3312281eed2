import { useState } from 'react';
import type { LocalApiStatus as Status } from '../../../shared/local-api-status';
import type { Messages } from '../i18n/messages';
import { localApiStatusLine } from './local-api-status';

interface LocalApiStatusProps {
  /** The local API's status (`useLocalApi(api)?.status`); null while unknown. */
  status: Status | null;
  messages: Messages;
  /** "Try again" after a taken port or a failed start (`api.retryLocalApi()`); absent, no button. */
  onRetry?: () => Promise<unknown>;
}

/**
 * One line on what the local API is doing ("Körs på http://127.0.0.1:41817", a taken port with
 * what to do, "Avstängt av din IT-avdelning"), announced politely when it changes. Shown in
 * Settings and in the Tools view.
 */
export function LocalApiStatus({ status, messages, onRetry }: LocalApiStatusProps) {
  const line = localApiStatusLine(status, messages);
  const [retrying, setRetrying] = useState(false);
  const [retryFailed, setRetryFailed] = useState(false);
  const retry = async () => {
    if (!onRetry) return;
    setRetrying(true);
    setRetryFailed(false);
    try {
      await onRetry();
    } catch {
      setRetryFailed(true);
    } finally {
      setRetrying(false);
    }
  };
  return (
    <div className="local-api-status" data-testid="local-api-status" data-state={status?.state ?? 'unknown'}>
      <p role="status" className={line.tone === 'ok' ? 'tone-ok' : line.tone === 'problem' ? 'tone-problem' : undefined}>
        <span className="visually-hidden">{messages.localApi.statusLabel}: </span>
        <span data-testid="local-api-status-text">{line.text}</span>
      </p>
      {line.help && (
        <p className="hint" data-testid="local-api-status-help">
          {line.help}
        </p>
      )}
      {line.retry && onRetry && (
        <div className="button-row">
          <button type="button" className="secondary" disabled={retrying} onClick={() => void retry()}>
            {retrying ? messages.localApi.retrying : messages.localApi.retry}
          </button>
        </div>
      )}
      {retryFailed && (
        <p className="tone-problem" role="alert">
          {messages.localApi.requestFailed}
        </p>
      )}
    </div>
  );
}
