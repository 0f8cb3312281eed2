import http from 'node:http';

/** An answer, read whole. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** What to send. */
export interface RawRequest {
  method?: string;
  path: string;
  /** Exactly these headers (Host included when given; Node adds none but Content-Length for a body). */
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** One request over a new connection to 127.0.0.1:`port`, with exactly the headers given. */
export function send(port: number, request: RawRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(request.headers ?? {}) };
    if (request.body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) {
      headers['content-length'] = String(Buffer.byteLength(request.body));
    }
    const sent = http.request(
      { host: '127.0.0.1', port, method: request.method ?? 'GET', path: request.path, headers, agent: false, setHost: false },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
        response.on('error', reject);
      },
    );
    sent.on('error', reject);
    sent.end(request.body);
  });
}
