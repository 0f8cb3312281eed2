import { describe, expect, it } from 'vitest';
import { CLIENT_IMPORT_MAX_BYTES } from '../../../../shared/client-import-limits';
import { decodeClientFile, readClientFile } from '../../../../renderer/src/clients/client-file-text';

describe('decodeClientFile', () => {
  it('reads UTF-8, keeping the byte-order mark for the parser', () => {
    expect(decodeClientFile(new TextEncoder().encode('\ufeff5566778899;Café Söder AB'))).toBe('\ufeff5566778899;Café Söder AB');
  });

  it('reads the Windows-1252 that Swedish Excel writes when the bytes are not UTF-8', () => {
    const latin = Uint8Array.from([0x35, 0x3b, 0x43, 0x61, 0x66, 0xe9, 0x20, 0x53, 0xf6, 0x64, 0x65, 0x72]);
    expect(decodeClientFile(latin)).toBe('5;Café Söder');
  });
});

describe('readClientFile', () => {
  it('refuses a file over the import limit without reading it', async () => {
    let read = false;
    const file = { size: CLIENT_IMPORT_MAX_BYTES + 1, arrayBuffer: () => ((read = true), Promise.resolve(new ArrayBuffer(0))) };
    expect(await readClientFile(file)).toEqual({ ok: false, error: 'too_large' });
    expect(read).toBe(false);
  });

  it('reads a file at the limit, and says so when reading fails', async () => {
    const bytes = new TextEncoder().encode('5566778899');
    expect(await readClientFile({ size: bytes.length, arrayBuffer: () => Promise.resolve(bytes.buffer) })).toEqual({ ok: true, text: '5566778899' });
    expect(await readClientFile({ size: 10, arrayBuffer: () => Promise.reject(new Error('gone')) })).toEqual({ ok: false, error: 'unreadable' });
  });
});
