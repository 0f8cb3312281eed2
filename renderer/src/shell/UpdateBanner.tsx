import type { UpdateStatus } from '../../../shared/ipc-contract';
import type { Messages } from '../i18n/messages';
import { updateBannerText } from './update-status';

/**
 * A calm line under the navigation while an update downloads and once it is ready to install on
 * quit. The live region is always there (empty otherwise), so screen readers hear the change.
 */
export function UpdateBanner({ status, messages }: { status: UpdateStatus | null; messages: Messages }) {
  const text = updateBannerText(status, messages);
  return (
    <div className="update-region" role="status">
      {text !== null && (
        <p className="update-banner" data-testid="update-banner" data-state={status?.state}>
          {text}
        </p>
      )}
    </div>
  );
}
