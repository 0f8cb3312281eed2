import type { ReactNode, RefObject } from 'react';

/** What a key action (revoke, remove) came to, as the list's status line shows it. */
export interface KeyNoticeText {
  text: string;
  ok: boolean;
}

interface KeyListCardProps {
  /** The heading takes the focus after "Done" or a removed row. */
  headingRef: RefObject<HTMLHeadingElement | null>;
  heading: string;
  notice: KeyNoticeText | null;
  load: 'loading' | 'failed' | 'loaded';
  loadingText: string;
  /** Why the list could not be read. */
  failedText: string;
  retryText: string;
  failedTestId?: string;
  onRetry: () => void;
  /** The list itself, shown once it is loaded. */
  children: ReactNode;
}

/**
 * The key list's card in both Tools views (this computer's keys and the firm server's): its
 * heading, the outcome of the last revoke or remove, and the list, or while it is not there,
 * that it is loading or why it failed with a Retry button.
 */
export function KeyListCard({ headingRef, heading, notice, load, loadingText, failedText, retryText, failedTestId, onRetry, children }: KeyListCardProps) {
  return (
    <section className="card" aria-labelledby="tool-keys-heading">
      <h3 id="tool-keys-heading" ref={headingRef} tabIndex={-1}>
        {heading}
      </h3>
      <div role="status" data-testid="tool-revoke-outcome">
        {notice && <p className={notice.ok ? 'tone-ok' : 'tone-problem'}>{notice.text}</p>}
      </div>
      {load === 'loading' && (
        <p className="hint" role="status">
          {loadingText}
        </p>
      )}
      {load === 'failed' && (
        <div className="notice notice-error" role="alert" data-testid={failedTestId}>
          <p>{failedText}</p>
          <button type="button" className="secondary" onClick={onRetry}>
            {retryText}
          </button>
        </div>
      )}
      {load === 'loaded' && children}
    </section>
  );
}
