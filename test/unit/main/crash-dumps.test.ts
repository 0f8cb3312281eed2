import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCrashDumps, listDirectoryWithNode, type ListDirectory } from '../../../main/crash-dumps';
import { buildDiagnostics } from '../../../main/diagnostics';
import { useTempDirs } from './storage/temp-dir';

const tempDir = useTempDirs();

async function dump(root: string, relative: string, bytes: string, modifiedSeconds: number): Promise<void> {
  const file = path.join(root, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
  await utimes(file, modifiedSeconds, modifiedSeconds);
}

describe('listCrashDumps', () => {
  it('lists the dumps in Crashpad’s folders by name and size, newest first, and nothing else', async () => {
    const root = await tempDir();
    await dump(root, 'completed/1111-old.dmp', 'MDMP old access_token=eyJsecret', 1_000);
    await dump(root, 'pending/2222-new.dmp', 'MDMP newer', 3_000);
    await dump(root, 'new/3333-mid.dmp', 'MDMP', 2_000);
    await dump(root, 'settings.dat', 'not a dump', 4_000);
    await mkdir(path.join(root, 'attachments', 'x.dmp'), { recursive: true });
    await symlink('/etc/hostname', path.join(root, 'completed', 'linked.dmp'));

    const listed = await listCrashDumps(root);

    expect(listed).toEqual({
      dumps: [
        { name: 'pending/2222-new.dmp', size: 10 },
        { name: 'new/3333-mid.dmp', size: 4 },
        { name: 'completed/1111-old.dmp', size: 31 },
      ],
      omitted: 0,
    });
  });

  it('lists nothing for a folder that does not exist yet (no crash so far)', async () => {
    const root = await tempDir();
    expect(await listCrashDumps(path.join(root, 'Crashpad'))).toEqual({ dumps: [], omitted: 0 });
  });

  it('shows at most the newest few dumps and counts the rest', async () => {
    const root = await tempDir();
    for (let index = 0; index < 25; index += 1) await dump(root, `completed/${String(index).padStart(2, '0')}.dmp`, 'x', 1_000 + index);
    const listed = await listCrashDumps(root, listDirectoryWithNode, { maxEntries: 500, maxDumps: 20 });
    expect(listed.dumps).toHaveLength(20);
    expect(listed.dumps[0]?.name).toBe('completed/24.dmp');
    expect(listed.omitted).toBe(5);
  });

  it('reads no more than the bound of entries from a huge folder', async () => {
    const root = await tempDir();
    for (let index = 0; index < 30; index += 1) await dump(root, `completed/${index}.dmp`, 'x', 1_000);
    const asked: number[] = [];
    const counting: ListDirectory = async (dir, max) => {
      asked.push(max);
      return listDirectoryWithNode(dir, max);
    };
    const listed = await listCrashDumps(root, counting, { maxEntries: 7, maxDumps: 20 });
    expect(listed.dumps.length + listed.omitted).toBe(7);
    expect(new Set(asked)).toEqual(new Set([7]));
  });

  it('shows a hostile file name without control or bidirectional characters', async () => {
    const listed = await listCrashDumps('/x', async (dir) =>
      dir.endsWith('completed') ? [{ name: 'a\u202e\npmd.dmp', isFile: true, size: 1, modifiedMs: 0 }] : [],
    );
    expect(listed.dumps[0]?.name).toBe('completed/a pmd.dmp');
  });

  it.each([
    ['the Arabic letter mark U+061C', '\u061c'],
    ['the left-to-right mark U+200E', '\u200e'],
    ['the right-to-left mark U+200F', '\u200f'],
    ['the byte-order mark U+FEFF', '\ufeff'],
  ])('removes %s from a file name, as the shared sanitiser does', async (_name, mark) => {
    const listed = await listCrashDumps('/x', async (dir) =>
      dir.endsWith('completed') ? [{ name: `a${mark}b.dmp`, isFile: true, size: 1, modifiedMs: 0 }] : [],
    );
    expect(listed.dumps[0]?.name).toBe('completed/a b.dmp');
  });
});

describe('buildDiagnostics with crash dumps', () => {
  const base = {
    appVersion: '1.0.0',
    electronVersion: '45.3.4',
    os: 'Linux',
    locale: 'sv-SE',
    simulator: false,
    config: { ok: false as const, problems: [] },
    storageMode: 'encrypted',
    companies: 0,
    logLines: [],
  };

  it('lists each dump’s name and size, and how many were left out', () => {
    const text = buildDiagnostics({ ...base, crashDumps: { dumps: [{ name: 'completed/abc.dmp', size: 12_345 }], omitted: 2 } });
    expect(text).toContain('Crash dumps: 3');
    expect(text).toContain('completed/abc.dmp (12345 bytes)');
    expect(text).toContain('… and 2 more');
  });

  it('says when there are none', () => {
    expect(buildDiagnostics({ ...base, crashDumps: { dumps: [], omitted: 0 } })).toContain('Crash dumps: none');
  });
});
