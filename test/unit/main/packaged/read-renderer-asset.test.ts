import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readRendererAsset } from '../../../../main/app-protocol/read-renderer-asset';
import { useTempDirs } from '../storage/temp-dir';

const tempDir = useTempDirs();

const SECRET = 'TOP SECRET: outside the renderer build';

let outside: string;
let root: string;

beforeEach(async () => {
  outside = await tempDir();
  root = path.join(outside, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log("app")');
  await mkdir(path.join(outside, 'elsewhere'));
  await writeFile(path.join(outside, 'elsewhere', 'secret.css'), SECRET);
  await writeFile(path.join(outside, 'secret.js'), SECRET);
});

const bodyOf = (answer: Awaited<ReturnType<typeof readRendererAsset>>) => (answer.status === 200 ? answer.body.toString('utf8') : undefined);

describe.skipIf(process.platform === 'win32')('readRendererAsset and symbolic links', () => {
  it('serves an ordinary file of the build with its headers', async () => {
    const answer = await readRendererAsset(root, 'app://renderer/assets/app.js');
    expect(answer).toMatchObject({ status: 200, headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
    expect(bodyOf(answer)).toBe('console.log("app")');
  });

  it('refuses a file link inside the build that points outside it', async () => {
    await symlink(path.join(outside, 'secret.js'), path.join(root, 'assets', 'leak.js'));
    const answer = await readRendererAsset(root, 'app://renderer/assets/leak.js');
    expect(answer).toEqual({ status: 403 });
  });

  it('refuses a file under a folder link that points outside the build', async () => {
    await symlink(path.join(outside, 'elsewhere'), path.join(root, 'styles'));
    const answer = await readRendererAsset(root, 'app://renderer/styles/secret.css');
    expect(answer).toEqual({ status: 403 });
  });

  it('serves a link that stays inside the build', async () => {
    await symlink(path.join(root, 'assets', 'app.js'), path.join(root, 'alias.js'));
    expect(bodyOf(await readRendererAsset(root, 'app://renderer/alias.js'))).toBe('console.log("app")');
  });

  it('serves the build when the renderer folder itself is reached through a link', async () => {
    const linkedRoot = path.join(outside, 'linked-renderer');
    await symlink(root, linkedRoot);
    expect(bodyOf(await readRendererAsset(linkedRoot, 'app://renderer/index.html'))).toBe('<!doctype html><title>app</title>');
  });

  it('answers 404 for a dangling link and a missing file', async () => {
    await symlink(path.join(outside, 'gone.js'), path.join(root, 'dangling.js'));
    expect(await readRendererAsset(root, 'app://renderer/dangling.js')).toEqual({ status: 404 });
    expect(await readRendererAsset(root, 'app://renderer/missing.js')).toEqual({ status: 404 });
  });
});
