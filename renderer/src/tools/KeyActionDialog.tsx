import { ConfirmDialog } from '../common/ConfirmDialog';
import type { Messages } from '../i18n/messages';

/** What the dialog asks to confirm: revoking a working key, or removing an ended one from the list. */
export type KeyAction = 'revoke' | 'remove';

interface KeyActionDialogProps {
  action: KeyAction;
  /** The key's name; null keeps the dialog closed. */
  keyName: string | null;
  messages: Messages;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before revoking a key or removing it from the list (see ConfirmDialog for focus and Escape). */
export function KeyActionDialog({ action, keyName, messages, onConfirm, onCancel }: KeyActionDialogProps) {
  const texts = action === 'revoke' ? messages.tools.list.dialog : messages.tools.list.removeDialog;
  return (
    <ConfirmDialog
      id={action}
      open={keyName !== null}
      title={keyName === null ? '' : texts.title(keyName)}
      body={texts.body}
      cancel={texts.cancel}
      confirm={texts.confirm}
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
