import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { RENDERER_CSP, resolveRendererAsset } from '../../../../main/app-protocol/renderer-assets';
import { useTempDirs } from '../storage/temp-dir';
import { parseCsp } from './csp';

const tempDir = useTempDirs();

const SECRET = 'TOP SECRET: outside the renderer build';

/** A renderer build folder with a few assets, and secrets beside it that must never be served. */
let root: string;
let outside: string;

beforeEach(async () => {
  outside = await tempDir();
  root = path.join(outside, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await mkdir(path.join(root, 'nested'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(path.join(root, 'nested', 'page.html'), '<!doctype html><title>nested</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log("app")');
  await writeFile(path.join(root, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(root, 'favicon.svg'), '<svg/>');
  await writeFile(path.join(root, 'notes.xyz'), 'unknown type');
  // A .txt (unknown type) and a .css (served type) secret, so a refusal is not only down to the extension.
  await writeFile(path.join(outside, 'secret.txt'), SECRET);
  await writeFile(path.join(outside, 'secret.css'), SECRET);
});

/** What the protocol handler would answer: resolve, then read the file (a missing file is a 404). */
async function serve(url: string): Promise<{ status: number; body?: string; headers?: Record<string, string> }> {
  const resolved = resolveRendererAsset(root, url);
  if (!resolved.ok) return { status: resolved.status };
  try {
    return { status: 200, body: await readFile(resolved.filePath, 'utf8'), headers: resolved.headers };
  } catch {
    return { status: 404 };
  }
}

/** True when `filePath` is inside the renderer folder. */
function isInsideRoot(filePath: string): boolean {
  const relative = path.relative(root, filePath);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

describe('resolveRendererAsset: what it serves', () => {
  it.each([
    ['app://renderer/index.html', 'index.html'],
    ['app://renderer/', 'index.html'],
    ['app://renderer', 'index.html'],
    ['app://renderer/assets/app.js', 'assets/app.js'],
    ['app://renderer/assets/app.css?v=3#top', 'assets/app.css'],
    ['app://renderer/favicon.svg', 'favicon.svg'],
  ])('maps %s to %s inside the build folder', async (url, file) => {
    const resolved = resolveRendererAsset(root, url);
    expect(resolved).toMatchObject({ ok: true, filePath: path.join(root, file) });
    expect((await serve(url)).status).toBe(200);
  });

  it.each([
    ['page.html', 'text/html; charset=utf-8'],
    ['app.js', 'text/javascript; charset=utf-8'],
    ['app.mjs', 'text/javascript; charset=utf-8'],
    ['app.css', 'text/css; charset=utf-8'],
    ['icon.svg', 'image/svg+xml'],
    ['logo.png', 'image/png'],
    ['favicon.ico', 'image/x-icon'],
    ['inter.woff2', 'font/woff2'],
    ['manifest.json', 'application/json; charset=utf-8'],
    ['LOGO.PNG', 'image/png'],
  ])('sends %s as %s', (file, type) => {
    const resolved = resolveRendererAsset(root, `app://renderer/assets/${file}`);
    expect(resolved.ok && resolved.headers['Content-Type']).toBe(type);
  });

  it.each(['notes.xyz', 'notes.txt', 'archive.tar.gz', 'Makefile', 'assets/', 'assets', 'page.htm'])(
    'answers 404 for %s, whose type is unknown',
    (file) => {
      expect(resolveRendererAsset(root, `app://renderer/${file}`)).toEqual({ ok: false, status: 404 });
    },
  );

  it('answers 404 for an existing file of unknown type too', async () => {
    expect(await serve('app://renderer/notes.xyz')).toEqual({ status: 404 });
  });

  it('sends X-Content-Type-Options: nosniff on every response it serves', () => {
    for (const file of ['index.html', 'assets/app.js', 'assets/app.css', 'favicon.svg', 'a.png', 'a.ico', 'a.woff2', 'a.json']) {
      const resolved = resolveRendererAsset(root, `app://renderer/${file}`);
      expect(resolved.ok && resolved.headers['X-Content-Type-Options'], file).toBe('nosniff');
    }
  });
});

describe('resolveRendererAsset: the Content-Security-Policy', () => {
  it.each([
    'app://renderer/',
    'app://renderer',
    'app://renderer/index.html',
    'app://renderer/nested/page.html',
    'app://renderer/INDEX.HTML',
    'app://renderer/index.html?x=1',
  ])('sends RENDERER_CSP with the HTML response for %s', (url) => {
    const resolved = resolveRendererAsset(root, url);
    expect(resolved.ok && resolved.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(resolved.ok && resolved.headers['Content-Security-Policy']).toBe(RENDERER_CSP);
  });

  it('allows only its own scripts, forbids framing and has no unsafe keywords', () => {
    const directives = parseCsp(RENDERER_CSP);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*/);
    expect(RENDERER_CSP).not.toMatch(/https?:/);
  });

  it("is the same policy as renderer/index.html's meta tag, apart from frame-ancestors (header only)", async () => {
    const html = await readFile(path.join(import.meta.dirname, '../../../../renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta, 'index.html has a CSP meta tag').not.toBeNull();
    const header = parseCsp(RENDERER_CSP);
    header.delete('frame-ancestors');
    expect(parseCsp(meta?.[1] ?? '')).toEqual(header);
  });
});

describe('resolveRendererAsset: refusals', () => {
  // The expected status says which defence answers: 403 for a refused path or origin, 404 where the
  // URL parser has already folded the `..` away (or a single decode leaves a literal name) and the
  // request lands on an unknown file type inside the folder.
  const escapes: Array<[string, 403 | 404]> = [
    ['app://renderer/../secret.txt', 404],
    ['app://renderer/assets/../../secret.txt', 404],
    ['app://renderer/%2e%2e/secret.txt', 404],
    ['app://renderer/.%2e/secret.txt', 404],
    ['app://renderer/%2E%2E%2Fsecret.txt', 403],
    ['app://renderer/%2e%2e%2fsecret.txt', 403],
    ['app://renderer/assets%2F..%2F..%2Fsecret.txt', 403],
    ['app://renderer/%252e%252e/secret.txt', 404],
    ['app://renderer/%252e%252e%252fsecret.txt', 404],
    ['app://renderer/..%5csecret.txt', 403],
    ['app://renderer/..%5Csecret.txt', 403],
    ['app://renderer/..\\secret.txt', 403],
    ['app://renderer/assets/..%5c..%5csecret.txt', 403],
    ['app://renderer/assets\\app.js', 403],
    ['app://renderer//etc/passwd', 404],
    ['app://renderer/C:/Windows', 404],
    ['app://renderer/C:/Windows/win.ini', 404],
    ['app://renderer/C:%5CWindows%5Cwin.ini', 403],
    ['app://renderer/index.html%00.js', 403],
    ['app://renderer/%00', 403],
  ];

  it.each(escapes)('refuses %s with %i', async (url, status) => {
    expect(resolveRendererAsset(root, url)).toEqual({ ok: false, status });
    expect(await serve(url)).toEqual({ status });
  });

  // The same spellings aimed at a sibling of a served type, so only the path checks stand between
  // the request and the file; a single decode of %252e leaves a literal, missing name inside.
  it.each(escapes.filter(([url]) => url.includes('secret.txt')).map(([url]) => url.replace('secret.txt', 'secret.css')))(
    'never serves a file outside the build folder for %s, even one of a served type',
    async (url) => {
      const resolved = resolveRendererAsset(root, url);
      if (resolved.ok) expect(isInsideRoot(resolved.filePath), resolved.filePath).toBe(true);
      const answer = await serve(url);
      expect(answer.status).not.toBe(200);
      expect(answer.body ?? '').not.toContain(SECRET);
    },
  );

  it("refuses an absolute path to the secret's real location", async () => {
    const url = `app://renderer/${path.join(outside, 'secret.css').split(path.sep).join('/')}`;
    const resolved = resolveRendererAsset(root, url);
    if (resolved.ok) expect(isInsideRoot(resolved.filePath), resolved.filePath).toBe(true);
    expect(await serve(url)).toEqual({ status: 404 });
  });

  it.each(['app://renderer/assets/..%5C..%5Csecret.css', 'app://renderer/assets%5Capp.js', 'app://renderer/assets\\app.js'])(
    'answers 403 for %s, which has a backslash',
    (url) => {
      expect(resolveRendererAsset(root, url)).toEqual({ ok: false, status: 403 });
    },
  );

  it.each(['app://renderer/index.html%00', 'app://renderer/assets/app.js%00.png'])('answers 403 for %s, which has a NUL byte', (url) => {
    expect(resolveRendererAsset(root, url)).toEqual({ ok: false, status: 403 });
  });

  it.each([
    'app://evil/index.html',
    'app://renderer.evil/index.html',
    'app://renderer:8080/index.html',
    'app:///index.html',
    'file:///etc/passwd',
    'file://renderer/index.html',
    'https://renderer/index.html',
    'http://renderer/index.html',
  ])('answers 403 for %s, which is another origin', (url) => {
    expect(resolveRendererAsset(root, url)).toEqual({ ok: false, status: 403 });
  });

  it.each(['not a url', '', 'app://renderer:99999/index.html', 'app://[::1/index.html'])('answers 404 for the unparsable URL %j', (url) => {
    expect(resolveRendererAsset(root, url)).toEqual({ ok: false, status: 404 });
  });

  it('answers 404 for a malformed percent escape', () => {
    expect(resolveRendererAsset(root, 'app://renderer/%E0%A4%A.js')).toEqual({ ok: false, status: 404 });
  });
});
