import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../../../main/fortnox/rate-limiter';
import { createNodeHttpTransport, proxyFortnoxCall, type ClosableTransport } from '../../../../main/local-api/fortnox-proxy';

const transports: ClosableTransport[] = [];
afterEach(() => {
  for (const transport of transports.splice(0)) transport.close();
});
/** A transport closed after the test. */
function opened(times: Parameters<typeof createNodeHttpTransport>[0] = {}) {
  const transport = createNodeHttpTransport(times);
  transports.push(transport);
  return transport.send;
}
const nodeHttpTransport: ClosableTransport['send'] = (request) => opened()(request);

/**
 * The proxy's HTTP client against a plain HTTP server: the mechanics of HTTP (connections,
 * redirects, encodings, resets), not Fortnox's answers, which the simulator gives in
 * fortnox-proxy.test.ts.
 */
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
});

async function serve(handler: http.RequestListener) {
  const sockets = new Set<Socket>();
  const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      handler(request, response);
    });
  });
  server.on('connection', (socket) => sockets.add(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, sockets };
}

const read = (body: NodeJS.ReadableStream) =>
  new Promise<string>((resolve, reject) => {
    let text = '';
    body.setEncoding('utf8');
    body.on('data', (chunk: string) => (text += chunk));
    body.on('end', () => resolve(text));
    body.on('error', reject);
  });

describe('the proxy transport (Node http with kept-alive connections)', () => {
  it('sends the method, headers and body, asks for no encoding, and gives the status, headers and body', async () => {
    const { base, seen } = await serve((_request, response) => {
      response.writeHead(201, { 'content-type': 'application/json', etag: '"7"' });
      response.end('{"Invoice":{}}');
    });

    const answer = await nodeHttpTransport({ url: `${base}/3/invoices?page=2`, method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: Buffer.from('{"a":1}') });

    expect([answer.status, answer.headers['content-type'], answer.headers.etag, await read(answer.body)]).toEqual([201, 'application/json', '"7"', '{"Invoice":{}}']);
    expect(seen).toEqual([
      expect.objectContaining({ method: 'POST', url: '/3/invoices?page=2', body: '{"a":1}', headers: expect.objectContaining({ authorization: 'Bearer t', 'accept-encoding': 'identity', 'content-length': '7' }) }),
    ]);
  });

  it('reuses one connection for calls one after another', async () => {
    const { base, sockets } = await serve((_request, response) => response.end('ok'));
    const send = opened();

    for (let call = 0; call < 3; call += 1) {
      const answer = await send({ url: `${base}/3/companyinformation`, method: 'GET', headers: {}, body: undefined });
      await read(answer.body);
    }

    expect(sockets.size).toBe(1);
  });

  it('never follows a redirect: the 3xx and its Location come back as they are', async () => {
    const { base, seen } = await serve((_request, response) => {
      response.writeHead(302, { location: 'https://elsewhere.example/steal' });
      response.end();
    });

    const answer = await nodeHttpTransport({ url: `${base}/3/invoices/1/preview`, method: 'GET', headers: {}, body: undefined });
    await read(answer.body);

    expect([answer.status, answer.headers.location, seen.length]).toEqual([302, 'https://elsewhere.example/steal', 1]);
  });

  it('passes an encoding the server used anyway back undecoded, with its header', async () => {
    const { base } = await serve((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip' });
      response.end(Buffer.from([0x1f, 0x8b, 0x08]));
    });

    const answer = await nodeHttpTransport({ url: `${base}/3/archive`, method: 'GET', headers: {}, body: undefined });

    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(await new Promise<number>((resolve) => {
      let bytes = 0;
      answer.body.on('data', (chunk: Buffer) => (bytes += chunk.length));
      answer.body.on('end', () => resolve(bytes));
    })).toBe(3);
  });

  it('rejects when nothing answers, and reports a connection cut mid-answer on the body without an unhandled error', async () => {
    const refused = nodeHttpTransport({ url: 'http://127.0.0.1:1/3/invoices', method: 'GET', headers: {}, body: undefined });
    await expect(refused).rejects.toThrow();

    const { base } = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"Invoices":[');
      setTimeout(() => request.socket.destroy(), 20);
    });
    const answer = await nodeHttpTransport({ url: `${base}/3/invoices`, method: 'GET', headers: {}, body: undefined });

    await expect(read(answer.body)).rejects.toThrow();
  });

  it('passes on only the methods Fortnox uses: TRACE, CONNECT and unknown ones are never sent', async () => {
    const { base, seen } = await serve((_request, response) => response.end('echo'));
    const send = opened();

    for (const method of ['TRACE', 'CONNECT', 'QUERY', 'PROPFIND']) {
      await expect(send({ url: `${base}/3/invoices`, method, headers: { authorization: 'Bearer t' }, body: undefined })).rejects.toThrow();
    }

    expect(seen).toEqual([]);
  });

  it('has no cap on connections: 40 answers held open do not hold up the 41st call', async () => {
    const held: http.ServerResponse[] = [];
    const { base } = await serve((request, response) => {
      if (request.url === '/3/slow') {
        response.writeHead(200);
        response.write('x');
        held.push(response);
      } else response.end('quick');
    });
    const send = opened();

    const slow = await Promise.all(Array.from({ length: 40 }, () => send({ url: `${base}/3/slow`, method: 'GET', headers: {}, body: undefined })));
    const quick = await send({ url: `${base}/3/quick`, method: 'GET', headers: {}, body: undefined });

    expect([slow.length, await read(quick.body)]).toEqual([40, 'quick']);
    for (const response of held) response.end();
    await Promise.all(slow.map((answer) => read(answer.body)));
  });

  it('closes a kept-alive connection that stays idle, and a connection the server leaves silent', async () => {
    const closed: string[] = [];
    const { base, sockets } = await serve((request, response) => {
      if (request.url === '/3/silent') return;
      response.end('ok');
    });
    const send = opened({ keepAliveMs: 50, idleTimeoutMs: 100 });

    await read((await send({ url: `${base}/3/companyinformation`, method: 'GET', headers: {}, body: undefined })).body);
    const [socket] = sockets;
    socket?.once('close', () => closed.push('idle'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const silent = send({ url: `${base}/3/silent`, method: 'GET', headers: {}, body: undefined });

    expect(closed).toEqual(['idle']);
    await expect(silent).rejects.toThrow('did not answer in time');
  });

  it('drops a 401 with a large or undeclared body by closing its connection, and drains a small declared one to reuse it', async () => {
    let calls = 0;
    const { base, sockets } = await serve((request, response) => {
      calls += 1;
      if (request.headers.authorization === 'Bearer old-big') {
        response.writeHead(401);
        response.write('x'.repeat(1024));
        return; // never ends: draining it would wait forever
      }
      if (request.headers.authorization === 'Bearer old-small') {
        response.writeHead(401, { 'content-length': '2' });
        return void response.end('no');
      }
      response.end('{"CompanyInformation":{}}');
    });
    const send = opened();
    const timers = { set: (run: () => void, ms: number) => setTimeout(run, ms), clear: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout) };
    const call = async (stale: string) => {
      const answer = await proxyFortnoxCall(
        {
          apiBaseUrl: () => `${base}/3/`,
          tokens: { accessToken: async () => ({ accessToken: stale, expiresAt: Date.now() + 3_600_000, scopes: [] }), rejected: async () => 'fresh' },
          limiter: new SlidingWindowLimiter(Date.now, timers),
          now: Date.now,
          timers,
          transport: send,
        },
        { tenantId: '101', method: 'GET', path: '/3/companyinformation', query: '', rawHeaders: [], body: undefined },
      );
      return [answer.status, answer.body ? await read(answer.body) : ''];
    };

    const closedSockets = () => [...sockets].filter((socket) => socket.destroyed).length;
    const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

    expect(await call('old-small')).toEqual([200, '{"CompanyInformation":{}}']);
    await settle();
    const closedAfterSmall = closedSockets();
    expect(await call('old-big')).toEqual([200, '{"CompanyInformation":{}}']);
    await settle();

    expect([closedAfterSmall, closedSockets(), calls]).toEqual([0, 1, 4]);
  });
});
