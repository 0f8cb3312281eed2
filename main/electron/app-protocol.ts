/** Serves the renderer build on app://renderer/ (no file://), with the CSP as a response header. */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, resolveRendererAsset } from '../app-protocol/renderer-assets';

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Installs the handler; run after `app` is ready. */
export function handleAppScheme(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveRendererAsset(rendererRoot, request.url);
    if (!resolved.ok) return new Response(null, { status: resolved.status });
    try {
      const body = await readFile(resolved.filePath);
      return new Response(body, { status: 200, headers: resolved.headers });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}
