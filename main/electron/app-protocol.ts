/** Serves the renderer build on app://renderer/ (no file://), with the CSP as a response header. */
import { protocol } from 'electron';
import { readRendererAsset } from '../app-protocol/read-renderer-asset';
import { APP_SCHEME } from '../app-protocol/renderer-assets';

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Installs the handler; run after `app` is ready. */
export function handleAppScheme(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = await readRendererAsset(rendererRoot, request.url);
    return answer.status === 200
      ? new Response(answer.body, { status: 200, headers: answer.headers })
      : new Response(null, { status: answer.status });
  });
}
