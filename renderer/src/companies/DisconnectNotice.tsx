import type { RefObject } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { DisconnectView } from './company-feedback';
import type { Messages } from '../i18n/messages';
import { HelpButton } from '../common/HelpButton';

/** The disconnect in progress, then its outcome. */
export type DisconnectNotice = { phase: 'pending'; name: string } | { phase: 'done'; view: DisconnectView };

/**
 * What came of a disconnect. Shown above the list, since the row itself is gone; when Fortnox
 * could not be told, it asks the user to remove the integration in Fortnox as well and offers
 * Fortnox's help page on how.
 */
export function DisconnectNoticeView(props: {
  notice: DisconnectNotice;
  messages: Messages;
  noticeRef: RefObject<HTMLDivElement | null>;
  openHelp: ConnectorApi['openHelp'];
  onDismiss: () => void;
}) {
  const { notice, messages, noticeRef } = props;
  if (notice.phase === 'pending') {
    return (
      <div className="notice notice-neutral" role="status" data-testid="disconnect-result">
        <p>{messages.companies.disconnecting(notice.name)}</p>
      </div>
    );
  }
  const { view } = notice;
  return (
    <div
      ref={noticeRef}
      tabIndex={-1}
      className={`notice ${view.tone === 'ok' ? 'notice-success' : 'notice-warning'}`}
      role={view.tone === 'ok' ? 'status' : 'alert'}
      data-testid="disconnect-result"
      data-outcome={view.removeInFortnox ? 'removed-locally' : view.tone === 'ok' ? 'disconnected' : 'failed'}
    >
      <p className="notice-heading" dir="auto">
        {view.text}
      </p>
      {view.issue && <p>{view.issue}</p>}
      {view.removeInFortnox && <p className="notice-action">{view.removeInFortnox}</p>}
      <div className="button-row">
        {view.removeInFortnox && (
          <HelpButton target="manage-integrations" openHelp={props.openHelp} messages={messages} look="small-button" />
        )}
        <button type="button" className="secondary small" onClick={props.onDismiss}>
          {messages.companies.dismiss}
        </button>
      </div>
    </div>
  );
}
