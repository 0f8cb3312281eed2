import type { StorageState } from '../../../shared/ipc-contract';
import type { Messages } from '../i18n/messages';
import { hasStorageNotices, storageNotices } from './storage-notices';

interface StorageBannerProps {
  storage: StorageState;
  messages: Messages;
  /** Also say when all is well (the Settings view does; the company list stays quiet then). */
  showWhenFine?: boolean;
}

/** Warns when secrets are kept in memory only, and names every damaged file and its backup. */
export function StorageBanner({ storage, messages, showWhenFine = false }: StorageBannerProps) {
  const notices = storageNotices(storage, messages);
  if (!hasStorageNotices(notices)) {
    return showWhenFine ? <p className="storage-fine">{messages.storage.encrypted}</p> : null;
  }
  return (
    <section className="notice notice-warning storage-banner" data-testid="storage-banner" aria-label={notices.memory?.heading ?? messages.storage.problemsHeading}>
      {notices.memory && (
        <div>
          <h3>{notices.memory.heading}</h3>
          <p>{notices.memory.body}</p>
        </div>
      )}
      {notices.problems.length > 0 && (
        <div>
          <h3>{messages.storage.problemsHeading}</h3>
          <ul className="problem-list">
            {notices.problems.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
