import { useId, useRef, useState, type ChangeEvent } from 'react';
import type { FileChooserTexts } from '../i18n/messages';

interface FileChooserProps {
  texts: FileChooserTexts;
  /** The input's `accept`: the kinds of file the system's dialog offers. */
  accept: string;
  disabled?: boolean;
  /** The test id of the file input itself (tests hand it files with setInputFiles). */
  testId: string;
  onFile: (file: File) => void;
}

/**
 * A file chooser in the UI language: a button that opens the system's file dialog, and beside it
 * the chosen file's name (or "no file chosen"). Chromium's own file input says "Choose File / No
 * file chosen" in the browser's language whatever the app's, so it stays in the page, visually
 * hidden and out of the tab order, and the button is the one tab stop; its description is the
 * file's name, so a screen reader hears "Välj fil…, button, klienter.csv".
 */
export function FileChooser({ texts, accept, disabled = false, testId, onFile }: FileChooserProps) {
  const input = useRef<HTMLInputElement>(null);
  const nameId = useId();
  const [name, setName] = useState<string | null>(null);

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Emptied, so that the same file can be chosen again after it was corrected.
    event.target.value = '';
    if (!file) return;
    setName(file.name);
    onFile(file);
  };

  return (
    <span className="file-chooser">
      <button type="button" disabled={disabled} aria-describedby={nameId} data-testid={`${testId}-button`} onClick={() => input.current?.click()}>
        {texts.choose}
      </button>
      <span id={nameId} className="file-chooser-name" dir="auto" data-testid={`${testId}-name`}>
        {name ?? texts.none}
      </span>
      <input
        ref={input}
        type="file"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        accept={accept}
        disabled={disabled}
        data-testid={testId}
        onChange={choose}
      />
    </span>
  );
}
