import { useEffect, useRef } from 'react';

interface ConfirmDialogProps {
  /** Names the dialog's ids (`<id>-dialog-title`, `<id>-dialog-body`) and its test id (`<id>-dialog`). */
  id: string;
  /** False keeps the dialog closed. */
  open: boolean;
  title: string;
  body: string;
  cancel: string;
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before a destructive step, in a native modal <dialog>: the browser traps the focus inside,
 * makes the page behind it inert, closes it on Escape and gives the focus back afterwards.
 * Cancel is focused first, so Enter on an accidental open does no harm.
 */
export function ConfirmDialog({ id, open, title, body, cancel, confirm, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);

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
      aria-labelledby={`${id}-dialog-title`}
      aria-describedby={`${id}-dialog-body`}
      data-testid={`${id}-dialog`}
      // Escape closes the dialog natively; tell the parent so its state agrees.
      onClose={() => open && onCancel()}
    >
      {open && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            onConfirm();
          }}
        >
          <h2 id={`${id}-dialog-title`} dir="auto">
            {title}
          </h2>
          <p id={`${id}-dialog-body`}>{body}</p>
          <div className="button-row dialog-buttons">
            <button type="button" className="secondary" autoFocus onClick={onCancel}>
              {cancel}
            </button>
            <button type="submit" className="danger-solid">
              {confirm}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
