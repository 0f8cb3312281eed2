import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_ORIGIN, resolveRendererAsset } from '../../../main/app-protocol/renderer-assets';

/**
 * Serves the real renderer build over http on 127.0.0.1, through the same resolver (path checks,
 * content types, CSP header) that the app:// protocol handler uses in Electron.
 */
export async function serveRenderer(rendererRoot: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const resolved = resolveRendererAsset(rendererRoot, `${APP_ORIGIN}${req.url ?? '/'}`);
    if (!resolved.ok) {
      res.writeHead(resolved.status).end();
      return;
    }
    readFile(resolved.filePath).then(
      (body) => res.writeHead(200, resolved.headers).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
