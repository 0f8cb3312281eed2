import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clientFileStore, CLIENTS_FILE_MAX_BYTES } from '../../../../main/clients/client-file';
import { recordingLogger } from '../recording-logger';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function storeIn() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'clients-'));
  dirs.push(dir);
  const filePath = path.join(dir, 'clients.json');
  return { dir, filePath, store: clientFileStore({ filePath, now: () => new Date(Date.UTC(2026, 11, 2)), log: recordingLogger().log }) };
}

describe('clientFileStore', () => {
  it('writes clients.json with a version and reads the same clients back', async () => {
    const { filePath, store } = await storeIn();
    expect(await store.load()).toEqual({ clients: [], problem: null });
    const clients = [{ orgNumber: '556677-8899', name: 'Ett AB', addedAt: 1, skippedAt: null }];
    await store.save(clients);
    expect(JSON.parse(await readFile(filePath, 'utf8'))).toEqual({ version: 1, clients });
    expect(await store.load()).toEqual({ clients, problem: null });
  });

  it('moves a file that breaks the schema aside and starts with an empty list', async () => {
    const { dir, filePath, store } = await storeIn();
    await writeFile(filePath, JSON.stringify({ version: 1, clients: [{ orgNumber: '5566778899', name: null, addedAt: 1, skippedAt: null }] }));
    const backups = () => readdir(dir).then((names) => names.filter((name) => name.startsWith('clients.json.corrupt')));
    const loaded = await store.load();
    expect(await backups()).toHaveLength(1);
    expect(loaded).toEqual({ clients: [], problem: { kind: 'corrupt', filePath, backupPath: path.join(dir, (await backups())[0] ?? '') } });
  });

  it('refuses to save a client whose number is not canonical', async () => {
    const { store } = await storeIn();
    await store.load();
    await expect(store.save([{ orgNumber: '5566778899', name: null, addedAt: 1, skippedAt: null }])).rejects.toThrow(/schema/);
  });

  it('does not read a file larger than its limit', async () => {
    const { filePath, store } = await storeIn();
    await writeFile(filePath, ' '.repeat(CLIENTS_FILE_MAX_BYTES + 1));
    expect(await store.load()).toEqual({ clients: [], problem: { kind: 'too_large', filePath, backupPath: null } });
  });

  it('leaves a newer version\'s file untouched, starts empty and says why, with where the file is', async () => {
    const { dir, filePath, store } = await storeIn();
    await writeFile(filePath, JSON.stringify({ version: 2, clients: [], tags: [] }));
    expect(await store.load()).toEqual({ clients: [], problem: { kind: 'newer_version', filePath, backupPath: null } });
    expect(await readdir(dir)).toEqual(['clients.json']);
  });
});
