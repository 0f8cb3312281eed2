import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { resolveRendererAsset } from './renderer-assets';

/** What the app:// handler answers: a status, and for a 200 the file's bytes and headers. */
export type RendererAssetAnswer = { status: 200; body: Buffer; headers: Record<string, string> } | { status: 403 | 404 };

/** The file-system calls the reader makes (real ones by default; Electron's asar support patches both). */
export interface RendererAssetFs {
  realpath(filePath: string): Promise<string>;
  readFile(filePath: string): Promise<Buffer>;
}

const nodeFs: RendererAssetFs = { realpath: (filePath) => realpath(filePath), readFile: (filePath) => readFile(filePath) };

function isInside(root: string, filePath: string): boolean {
  const relative = path.relative(root, filePath);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Reads the renderer file a request names. `resolveRendererAsset` keeps the spelling inside the
 * folder; this also resolves symbolic links (of the file and of every folder on its way) and
 * refuses a file whose real location is outside the real renderer folder, so a link planted in the
 * build (or a folder replaced by one) cannot serve the user's other files to the page.
 */
export async function readRendererAsset(rendererRoot: string, requestUrl: string, fs: RendererAssetFs = nodeFs): Promise<RendererAssetAnswer> {
  const resolved = resolveRendererAsset(rendererRoot, requestUrl);
  if (!resolved.ok) return { status: resolved.status };
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = await fs.realpath(rendererRoot);
    realFile = await fs.realpath(resolved.filePath);
  } catch {
    return { status: 404 };
  }
  if (!isInside(realRoot, realFile)) return { status: 403 };
  try {
    return { status: 200, body: await fs.readFile(realFile), headers: resolved.headers };
  } catch {
    return { status: 404 };
  }
}
