import { CLIENT_IMPORT_MAX_BYTES } from '../../../shared/client-import-limits';

/** A chosen file read as text, or why not. */
export type ClientFileText = { ok: true; text: string } | { ok: false; error: 'too_large' | 'unreadable' };

/**
 * A CSV file's bytes as text: UTF-8 when they are valid UTF-8 (a byte-order mark is left for the
 * parser to drop), else Windows-1252, which is what Swedish Excel's "CSV (semikolonavgränsad)"
 * writes, so that "Café Söder AB" survives either way.
 */
export function decodeClientFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Reads a chosen file, refusing one over the import's size limit before reading it. */
export async function readClientFile(file: Pick<Blob, 'size' | 'arrayBuffer'>): Promise<ClientFileText> {
  if (file.size > CLIENT_IMPORT_MAX_BYTES) return { ok: false, error: 'too_large' };
  try {
    return { ok: true, text: decodeClientFile(new Uint8Array(await file.arrayBuffer())) };
  } catch {
    return { ok: false, error: 'unreadable' };
  }
}
