import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTextChunks } from '../../../../main/storage/save-file-port';
import { useTempDirs } from './temp-dir';

describe('writing a chosen file', () => {
  const tempDir = useTempDirs();

  it('writes the chunks in order as UTF-8, replacing what was there', async () => {
    const file = path.join(await tempDir(), 'export.csv');
    await writeFile(file, 'old content that is longer than the new one');
    async function* chunks() {
      yield '\uFEFFa,b\r\n';
      yield 'Café,Söder\r\n';
    }

    await writeTextChunks(file, chunks());

    expect(await readFile(file, 'utf8')).toBe('\uFEFFa,b\r\nCafé,Söder\r\n');
  });

  it('rejects when the file cannot be written', async () => {
    const file = path.join(await tempDir(), 'missing-folder', 'export.csv');
    async function* chunks() {
      yield 'a';
    }

    await expect(writeTextChunks(file, chunks())).rejects.toThrow();
  });
});
