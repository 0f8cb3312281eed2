import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { whenAnswerEnded } from '../../../../main/local-api/audit-recording';

/** How `whenAnswerEnded` reported one answer: whether at once (inside the call) and whether whole. */
interface Reported {
  path: string;
  atOnce: boolean;
  complete: boolean;
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/**
 * A server answering `/small` with a few bytes and `/big` (and `/cut`, then destroying its connection) with 32 MB (more than a connection
 * takes at once), asking `whenAnswerEnded` just after `end()` as the cached-token answer does;
 * `/early` asks before answering, as Fastify's requests do.
 */
async function serve() {
  const reported: Reported[] = [];
  /** 'close' listeners each call added to its response. */
  const listenersAdded: number[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((request, response) => {
    const path = request.url ?? '';
    const note = () => {
      let inside = true;
      const before = response.listenerCount('close');
      whenAnswerEnded(response, (complete) => {
        reported.push({ path, atOnce: inside, complete });
        for (const wake of waiters.splice(0)) wake();
      });
      inside = false;
      listenersAdded.push(response.listenerCount('close') - before);
    };
    if (path === '/early') note();
    // The connection closes before the answer is written (the cached-token answer writes a moment later).
    if (path === '/gone') {
      response.once('close', () => setImmediate(note));
      request.socket.destroy();
      return;
    }
    const body = path === '/big' || path === '/cut' ? Buffer.alloc(32 * 1024 * 1024, 0x61) : Buffer.from('{"ok":true}');
    response.writeHead(200, ['content-type', 'application/json', 'content-length', body.length]);
    response.end(body);
    if (path !== '/early') note();
    // The app lets go of a connection under an answer still being written (a timeout, closing).
    if (path === '/cut') setImmediate(() => response.socket?.destroy());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  /** Resolves once `count` answers were reported. */
  const reportedCount = async (count: number) => {
    while (reported.length < count) await new Promise<void>((wake) => waiters.push(wake));
  };
  return { port, reported, reportedCount, listenersAdded };
}

/** Opens a connection, sends `raw`, and resolves with it once connected. */
function send(port: number, raw: string): Promise<net.Socket> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(raw);
      resolve(socket);
    });
  });
}

const get = (path: string, headers = '') => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`;

/** Reads from the socket until `bytes` bytes came. */
function readAtLeast(socket: net.Socket, bytes: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen >= bytes) resolve();
    });
  });
}

describe('whenAnswerEnded', () => {
  it('reports a small answer the connection took whole at once, as complete, with no close listener left behind', async () => {
    const { port, reported, reportedCount, listenersAdded } = await serve();
    const socket = await send(port, get('/small'));
    await reportedCount(1);
    socket.destroy();

    expect(reported).toEqual([{ path: '/small', atOnce: true, complete: true }]);
    expect(listenersAdded).toEqual([0]);
  });

  it('reports an answer the connection could not take at once when it ends: incomplete when the tool went away', async () => {
    const { port, reported, reportedCount } = await serve();
    const socket = await send(port, get('/big'));
    // The first bytes arrived: the answer is under way; the tool then goes away without reading on.
    await readAtLeast(socket, 1);
    socket.pause();
    socket.destroy();
    await reportedCount(1);

    expect(reported).toEqual([{ path: '/big', atOnce: false, complete: false }]);
  });

  it('reports an answer cut off by the server destroying its connection as incomplete', async () => {
    const { port, reported, reportedCount } = await serve();
    const socket = await send(port, get('/cut'));
    socket.pause();
    await reportedCount(1);
    socket.destroy();

    expect(reported).toEqual([{ path: '/cut', atOnce: false, complete: false }]);
  });

  it('reports an answer the connection could not take at once as complete once it was all sent', async () => {
    const { port, reported, reportedCount } = await serve();
    const socket = await send(port, get('/big'));
    await readAtLeast(socket, 32 * 1024 * 1024);
    await reportedCount(1);
    socket.destroy();

    expect(reported).toEqual([{ path: '/big', atOnce: false, complete: true }]);
  });

  it('reports answers on a connection the server closes after them (Connection: close) as complete', async () => {
    const { port, reported, reportedCount } = await serve();
    const small = await send(port, get('/small', 'Connection: close\r\n'));
    const big = await send(port, get('/big', 'Connection: close\r\n'));
    await readAtLeast(big, 32 * 1024 * 1024);
    await reportedCount(2);
    small.destroy();
    big.destroy();

    expect(reported.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: '/big', atOnce: false, complete: true },
      { path: '/small', atOnce: true, complete: true },
    ]);
  });

  it("reports a request whose connection closed before its answer was written at once, as incomplete: its 'close' has passed and never comes again", async () => {
    const { port, reported, reportedCount, listenersAdded } = await serve();
    const socket = await send(port, get('/gone'));
    await reportedCount(1);
    socket.destroy();

    expect(reported).toEqual([{ path: '/gone', atOnce: true, complete: false }]);
    expect(listenersAdded).toEqual([0]);
  });

  it('reports a pipelined answer waiting for the one before it at its end, and one asked about before answering at its end', async () => {
    const { port, reported, reportedCount, listenersAdded } = await serve();
    const socket = await send(port, get('/small') + get('/small') + get('/early'));
    await reportedCount(3);
    socket.destroy();

    expect(reported).toHaveLength(3);
    expect(reported.every((each) => each.complete)).toBe(true);
    // The first went out at once; the second was queued behind it (no connection of its own yet).
    expect(reported.map((each) => [each.path, each.atOnce])).toEqual([
      ['/small', true],
      ['/small', false],
      ['/early', false],
    ]);
    expect(listenersAdded).toEqual([0, 1, 1]);
  });
});
