import type { SaveFilePort } from '../../../../main/storage/save-file-port';

/** A file "saved" through the fake port: the name suggested and the whole text written. */
export interface SavedFile {
  name: string;
  text: string;
}

/**
 * The save-file port without a dialog: keeps what would have been written (or, with `cancel`,
 * answers as if the user cancelled, without reading the content). Stands in for Electron's save
 * dialog in unit tests and in the browser end-to-end harness.
 */
export function recordingSaveFile(options: { cancel?: boolean } = {}): SaveFilePort & { files: SavedFile[] } {
  const files: SavedFile[] = [];
  return {
    files,
    async save(name, chunks) {
      if (options.cancel) return false;
      let text = '';
      for await (const chunk of chunks) text += chunk;
      files.push({ name, text });
      return true;
    },
  };
}
