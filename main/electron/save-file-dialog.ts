import path from 'node:path';
import { app, dialog, type BrowserWindow, type SaveDialogOptions } from 'electron';
import { writeTextChunks, type SaveFilePort } from '../storage/save-file-port';

/**
 * The save-file port in the app: Electron's `dialog.showSaveDialog`, attached to the app window
 * when there is one (a sheet on macOS), opening in the user's Documents folder with the suggested
 * name; the chosen file is then written by plain Node code.
 */
export function electronSaveFile(parent: () => BrowserWindow | null): SaveFilePort {
  return {
    async save(suggestedName, chunks) {
      const options: SaveDialogOptions = {
        defaultPath: path.join(app.getPath('documents'), suggestedName),
        filters: [{ name: 'CSV', extensions: ['csv'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const window = parent();
      const chosen = window && !window.isDestroyed() ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (chosen.canceled || chosen.filePath === '') return false;
      await writeTextChunks(chosen.filePath, chunks);
      return true;
    },
  };
}
