import { useEffect, useRef } from 'react';
import type { Messages } from '../i18n/messages';

interface DisconnectDialogProps {
  /** The company to disconnect; null keeps the dialog closed. */
  companyName: string | null;
  /** What disconnecting does, when it differs from a company's (damaged and unknown rows). */
  body?: string;
  messages: Messages;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before disconnecting, in a native modal <dialog>: the browser traps the focus inside,
 * makes the page behind it inert, closes it on Escape and gives the focus back afterwards.
 * Cancel is focused first, so Enter on an accidental open does no harm.
 */
export function DisconnectDialog({ companyName, body, messages, onConfirm, onCancel }: DisconnectDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const texts = messages.companies.dialog;
  const open = companyName !== null;

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
      aria-labelledby="disconnect-dialog-title"
      aria-describedby="disconnect-dialog-body"
      data-testid="disconnect-dialog"
      // Escape closes the dialog natively; tell the parent so its state agrees.
      onClose={() => open && onCancel()}
    >
      {companyName !== null && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            onConfirm();
          }}
        >
          <h2 id="disconnect-dialog-title" dir="auto">
            {texts.title(companyName)}
          </h2>
          <p id="disconnect-dialog-body">{body ?? texts.body}</p>
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
