import { describe, expect, it } from 'vitest';
import {
  checkPosixProtection,
  judgePosixProtection,
  parentFolder,
  type FileFacts,
  type FileFactsPort,
} from '../../../../main/config/managed-file-protection';

const file = (uid: number, mode: number): FileFacts => ({ kind: 'file', uid, mode });
const folder = (uid: number, mode: number): FileFacts => ({ kind: 'directory', uid, mode });
const link = (uid: number): FileFacts => ({ kind: 'symlink', uid, mode: 0o777 });

describe('judgePosixProtection', () => {
  it('accepts a root-owned 0644 file in a root-owned 0755 folder', () => {
    expect(judgePosixProtection({ entry: file(0, 0o644), target: file(0, 0o644), folders: [folder(0, 0o755)] })).toEqual({ kind: 'ok' });
  });

  it('accepts a root-owned file readable only by root', () => {
    expect(judgePosixProtection({ entry: file(0, 0o600), target: file(0, 0o600), folders: [folder(0, 0o700)] })).toEqual({ kind: 'ok' });
  });

  it.each([
    ['owned by an ordinary user', file(501, 0o644), folder(0, 0o755)],
    ['group-writable (root:admin 0664 on macOS)', file(0, 0o664), folder(0, 0o755)],
    ['world-writable', file(0, 0o646), folder(0, 0o755)],
    ['in a folder owned by an ordinary user', file(0, 0o644), folder(1000, 0o755)],
    ['in a group-writable folder', file(0, 0o644), folder(0, 0o775)],
    ['in a world-writable sticky folder such as /tmp', file(0, 0o644), folder(0, 0o1777)],
  ])('refuses a file %s', (_label, target, parent) => {
    expect(judgePosixProtection({ entry: target, target, folders: [parent] })).toMatchObject({ kind: 'refused' });
  });

  it('says why, with owner and mode, and never the contents', () => {
    const verdict = judgePosixProtection({ entry: file(1000, 0o664), target: file(1000, 0o664), folders: [folder(0, 0o755)] });
    expect(verdict).toEqual({ kind: 'refused', reason: 'the managed file must be owned by root and writable by no one else (owner uid 1000, mode 0664)' });
  });

  it('accepts a root-owned link to a root-owned file when both folders are protected', () => {
    expect(judgePosixProtection({ entry: link(0), target: file(0, 0o444), folders: [folder(0, 0o755), folder(0, 0o555)] })).toEqual({ kind: 'ok' });
  });

  it('refuses a link that an ordinary user owns, even to a root-owned file', () => {
    expect(judgePosixProtection({ entry: link(1000), target: file(0, 0o644), folders: [folder(0, 0o755)] })).toMatchObject({ kind: 'refused' });
  });

  it('refuses a root-owned link whose target lies in a folder others can write', () => {
    expect(judgePosixProtection({ entry: link(0), target: file(0, 0o644), folders: [folder(0, 0o755), folder(0, 0o777)] })).toMatchObject({
      kind: 'refused',
    });
  });

  it('reports a FIFO or device in the file’s place as unreadable, not as settings', () => {
    const fifo: FileFacts = { kind: 'other', uid: 0, mode: 0o644 };
    expect(judgePosixProtection({ entry: fifo, target: fifo, folders: [folder(0, 0o755)] })).toMatchObject({ kind: 'unreadable' });
  });
});

/** A fake file system: a map of paths to facts, links by target path. */
function fakeFs(entries: Record<string, FileFacts & { target?: string }>): FileFactsPort & { statted: string[] } {
  const statted: string[] = [];
  const find = (filePath: string) => {
    const entry = entries[filePath];
    if (!entry) throw Object.assign(new Error('absent'), { code: 'ENOENT' });
    return entry;
  };
  const resolve = (filePath: string): string => {
    const entry = find(filePath);
    return entry.kind === 'symlink' && entry.target ? resolve(entry.target) : filePath;
  };
  return {
    statted,
    lstat: (filePath) => Promise.resolve().then(() => find(filePath)),
    stat: (filePath) =>
      Promise.resolve().then(() => {
        statted.push(filePath);
        return find(resolve(filePath));
      }),
    realpath: (filePath) => Promise.resolve().then(() => resolve(filePath)),
  };
}

describe('checkPosixProtection', () => {
  const PATH = '/etc/fortnox-connector/managed-settings.json';

  it('reports an absent file as absent, so nothing is managed', async () => {
    await expect(checkPosixProtection(fakeFs({ '/etc/fortnox-connector': folder(0, 0o755) }), PATH)).resolves.toEqual({ kind: 'absent' });
  });

  it('accepts a protected file and names the path to read', async () => {
    const fs = fakeFs({ [PATH]: file(0, 0o644), '/etc/fortnox-connector': folder(0, 0o755) });
    await expect(checkPosixProtection(fs, PATH)).resolves.toEqual({ kind: 'protected', readPath: PATH });
  });

  it('refuses a file a user planted in a folder they created', async () => {
    const fs = fakeFs({ [PATH]: file(1000, 0o644), '/etc/fortnox-connector': folder(1000, 0o755) });
    await expect(checkPosixProtection(fs, PATH)).resolves.toMatchObject({ kind: 'refused' });
  });

  it('follows a root-owned link, checks the target’s folder too, and reads the resolved target', async () => {
    const fs = fakeFs({
      [PATH]: { ...link(0), target: '/nix/store/abc-managed/managed-settings.json' },
      '/etc/fortnox-connector': folder(0, 0o755),
      '/nix/store/abc-managed/managed-settings.json': file(0, 0o444),
      '/nix/store/abc-managed': folder(0, 0o555),
    });
    await expect(checkPosixProtection(fs, PATH)).resolves.toEqual({ kind: 'protected', readPath: '/nix/store/abc-managed/managed-settings.json' });
    expect(fs.statted).toContain('/nix/store/abc-managed');
  });

  it('refuses a root-owned link to a file in a user’s home folder', async () => {
    const fs = fakeFs({
      [PATH]: { ...link(0), target: '/home/mallory/evil.json' },
      '/etc/fortnox-connector': folder(0, 0o755),
      '/home/mallory/evil.json': file(1000, 0o644),
      '/home/mallory': folder(1000, 0o755),
    });
    await expect(checkPosixProtection(fs, PATH)).resolves.toMatchObject({ kind: 'refused' });
  });

  it('reports a dangling link as unreadable', async () => {
    const fs = fakeFs({ [PATH]: { ...link(0), target: '/gone.json' }, '/etc/fortnox-connector': folder(0, 0o755) });
    await expect(checkPosixProtection(fs, PATH)).resolves.toMatchObject({ kind: 'unreadable' });
  });
});

describe('parentFolder', () => {
  it.each([
    ['/etc/fortnox-connector/managed-settings.json', '/etc/fortnox-connector'],
    ['C:\\ProgramData\\Fortnox Connector\\managed-settings.json', 'C:\\ProgramData\\Fortnox Connector'],
    ['C:\\managed-settings.json', 'C:\\'],
    ['/managed-settings.json', '/'],
  ])('is the folder of %s', (filePath, expected) => {
    expect(parentFolder(filePath)).toBe(expected);
  });
});
