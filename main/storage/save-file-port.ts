import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Saving a file the user chooses where to put (an export): Electron's save dialog in the app
 * (main/electron/save-file-dialog.ts), a recording fake in tests. `chunks` is only read once a
 * place was chosen, so a large export is written as it is produced, never held whole in memory.
 */
export interface SaveFilePort {
  /** Asks where to save `suggestedName` and writes `chunks` there; false when the user cancelled. */
  save(suggestedName: string, chunks: AsyncIterable<string>): Promise<boolean>;
}

/** Writes text chunks (UTF-8) to a file, replacing it; rejects when a write fails. */
export async function writeTextChunks(filePath: string, chunks: AsyncIterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks), createWriteStream(filePath, { encoding: 'utf8', mode: 0o600 }));
}
