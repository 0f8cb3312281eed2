import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Connections that never sent a byte, closed when the app closes.
 *
 * `server.close()` in Node 20 closes kept-alive idle connections (`closeIdleConnections`) but not a
 * connection that was accepted and has not begun a request: Node counts it as neither idle nor
 * active, so the close waits until the client gives up on it or shutdown's grace period cuts it
 * (nodejs/node#63452, fixed in later Node versions). Clients open such connections routinely:
 * Node 20's fetch (the desktop's firm client) keeps a spare connection open next to an event
 * stream, browsers open speculative ones. One of them held a replica's shutdown for the whole
 * 25 s grace after a desktop had ended its event stream.
 *
 * `closeUnusedConnections` (run as the app closes, before the listener stops) destroys every
 * connection that has read nothing (`bytesRead === 0`): no request is lost, since none was
 * begun; a connection with a request half-sent is left to finish or to `headersTimeout`. From then
 * on, a connection accepted before the listener has stopped is destroyed at once.
 */
export interface UnusedConnections {
  /** Destroys the connections that never sent a byte, and every one accepted from now on. */
  closeUnused(): void;
}

/** Tracks `server`'s connections from now on (call before it listens). */
export function trackUnusedConnections(server: Server): UnusedConnections {
  const open = new Set<Socket>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return {
    closeUnused() {
      closing = true;
      for (const socket of open) {
        if (socket.bytesRead === 0) socket.destroy();
      }
    },
  };
}
