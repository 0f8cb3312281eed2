import { useEffect, useRef } from 'react';
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

/**
 * Asks before revoking a key or removing it from the list, in a native modal <dialog> (focus
 * trapped, page behind inert, Escape closes, focus given back), as the disconnect dialog does.
 * Cancel is focused first.
 */
export function KeyActionDialog({ action, keyName, messages, onConfirm, onCancel }: KeyActionDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const texts = action === 'revoke' ? messages.tools.list.dialog : messages.tools.list.removeDialog;
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
      aria-labelledby={`${action}-dialog-title`}
      aria-describedby={`${action}-dialog-body`}
      data-testid={`${action}-dialog`}
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
          <h2 id={`${action}-dialog-title`} dir="auto">
            {texts.title(keyName)}
          </h2>
          <p id={`${action}-dialog-body`}>{texts.body}</p>
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
