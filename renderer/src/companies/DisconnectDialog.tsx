import type { Messages } from '../i18n/messages';
import { ConfirmDialog } from '../common/ConfirmDialog';

interface DisconnectDialogProps {
  /** The company to disconnect; null keeps the dialog closed. */
  companyName: string | null;
  /** What disconnecting does, when it differs from a company's (damaged and unknown rows). */
  body?: string;
  messages: Messages;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before disconnecting a company (see ConfirmDialog for focus and Escape). */
export function DisconnectDialog({ companyName, body, messages, onConfirm, onCancel }: DisconnectDialogProps) {
  const texts = messages.companies.dialog;
  return (
    <ConfirmDialog
      id="disconnect"
      open={companyName !== null}
      title={companyName === null ? '' : texts.title(companyName)}
      body={body ?? texts.body}
      cancel={texts.cancel}
      confirm={texts.confirm}
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
