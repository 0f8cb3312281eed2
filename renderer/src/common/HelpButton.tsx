import { useId, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { HelpTarget } from '../../../shared/ipc-contract';
import type { Messages } from '../i18n/messages';

interface HelpButtonProps {
  target: HelpTarget;
  /** main's openHelp: the renderer only names a page from a fixed list, never a URL. */
  openHelp: ConnectorApi['openHelp'];
  messages: Messages;
  /** `link` looks like a link (in running text); `button` and `small-button` like the secondary buttons. */
  look?: 'link' | 'button' | 'small-button';
}

/**
 * A button that asks main to open one of its help pages in the browser. Its description says
 * so; when main could not open the page, a sentence next to it says that instead.
 */
export function HelpButton({ target, openHelp, messages, look = 'button' }: HelpButtonProps) {
  const [failed, setFailed] = useState(false);
  const hintId = useId();
  const failedId = useId();

  const open = async () => {
    setFailed(false);
    try {
      setFailed(!(await openHelp(target)).opened);
    } catch {
      setFailed(true);
    }
  };

  return (
    <span className="help-button">
      <button
        type="button"
        className={{ link: 'link-button', button: 'secondary', 'small-button': 'secondary small' }[look]}
        data-testid={`help-${target}`}
        aria-describedby={failed ? `${hintId} ${failedId}` : hintId}
        onClick={() => void open()}
      >
        {messages.help.labels[target]}
        <span aria-hidden="true" className="external-mark">
          {' ↗'}
        </span>
      </button>
      <span id={hintId} hidden>
        {messages.help.opensInBrowser}
      </span>
      <span id={failedId} role="status" className="help-failed tone-problem">
        {failed ? messages.help.failed : ''}
      </span>
    </span>
  );
}
