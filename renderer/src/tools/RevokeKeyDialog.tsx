import { useEffect, useRef } from 'react';
import type { Messages } from '../i18n/messages';

interface RevokeKeyDialogProps {
  /** The key's name; null keeps the dialog closed. */
  keyName: string | null;
  messages: Messages;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before revoking a key, in a native modal <dialog> (focus trapped, page behind inert,
 * Escape closes, focus given back), as the disconnect dialog does. Cancel is focused first.
 */
export function RevokeKeyDialog({ keyName, messages, onConfirm, onCancel }: RevokeKeyDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const texts = messages.tools.list.dialog;
  const open = keyName !== null;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby="revoke-dialog-title"
      aria-describedby="revoke-dialog-body"
      data-testid="revoke-dialog"
      onClose={() => open && onCancel()}
    >
      {keyName !== null && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            onConfirm();
          }}
        >
          <h2 id="revoke-dialog-title" dir="auto">
            {texts.title(keyName)}
          </h2>
          <p id="revoke-dialog-body">{texts.body}</p>
          <div className="button-row dialog-buttons">
            <button type="button" className="secondary" autoFocus onClick={onCancel}>
              {texts.cancel}
            </button>
            <button type="submit" className="danger-solid">
              {texts.confirm}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
