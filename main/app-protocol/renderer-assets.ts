import path from 'node:path';

/** The scheme and host the renderer is served from in Electron: `app://renderer/index.html`. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The renderer's Content-Security-Policy, sent as a header on every HTML response (and repeated in
 * index.html's meta tag). Nothing remote, nothing inline, no framing, no form posts.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Where a renderer request resolves: a file inside the build with its headers, or a refusal. */
export type AssetResolution =
  | { ok: true; filePath: string; headers: Record<string, string> }
  | { ok: false; status: 403 | 404 };

/**
 * Maps a request URL to a file inside `rendererRoot`. Refuses other hosts, encoded or plain `..`
 * escapes, absolute paths, backslashes, NUL bytes and unknown file types; the result is checked with
 * `path.relative` after resolution, so no spelling can leave the folder.
 */
export function resolveRendererAsset(rendererRoot: string, requestUrl: string): AssetResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 404 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 403 };
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 404 };
  }
  if (relative === '/' || relative === '') relative = '/index.html';
  if (relative.includes('\0') || relative.includes('\\')) return { ok: false, status: 403 };
  const root = path.resolve(rendererRoot);
  const filePath = path.resolve(root, `.${relative}`);
  const inside = path.relative(root, filePath);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return { ok: false, status: 403 };
  const type = CONTENT_TYPES[path.extname(filePath).toLowerCase()];
  if (!type) return { ok: false, status: 404 };
  const headers: Record<string, string> = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = RENDERER_CSP;
  return { ok: true, filePath, headers };
}
