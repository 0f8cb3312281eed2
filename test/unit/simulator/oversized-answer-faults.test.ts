import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GZIP_BOMB_INFLATED_BYTES, LYING_CONTENT_LENGTH, OVERSIZED_BODY_BYTES } from '../../../simulator/fault-injection';
import { connect } from './token-test-kit';
import { trackSimulators } from './simulator-test-kit';

/**
 * A raw GET (no decoding) returning the headers and the bytes received, then closing: at the end of
 * the response, or at its first chunk when `firstChunkOnly` (an answer that never ends).
 */
function rawGet(url: string, token: string, firstChunkOnly = false): Promise<{ headers: Record<string, unknown>; bytes: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      let ended = false;
      const finish = () => {
        req.destroy();
        resolve({ headers: res.headers, bytes: Buffer.concat(chunks), ended });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (firstChunkOnly) finish();
      });
      res.on('end', () => {
        ended = true;
        finish();
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('faults that answer more than any client should read', () => {
  const start = trackSimulators();

  async function faulted(kind: 'oversizedBody' | 'gzipBomb' | 'lyingContentLength', firstChunkOnly = false) {
    const simulator = await start();
    const { access_token } = await connect(simulator);
    simulator.injectFault({ route: 'api', kind });
    return rawGet(new URL('companyinformation', simulator.apiBaseUrl).href, access_token, firstChunkOnly);
  }

  it('oversizedBody sends 9 MiB of JSON, chunked, without a Content-Length', async () => {
    const { headers, bytes, ended } = await faulted('oversizedBody');
    expect(headers['content-length']).toBeUndefined();
    expect(headers['transfer-encoding']).toBe('chunked');
    expect(ended).toBe(true);
    expect(bytes.length).toBe(OVERSIZED_BODY_BYTES);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ padding: expect.any(String) });
  });

  it('gzipBomb sends a small gzip body without a Content-Length that inflates to 16 MiB', async () => {
    const { headers, bytes, ended } = await faulted('gzipBomb');
    expect(headers['content-encoding']).toBe('gzip');
    expect(headers['content-length']).toBeUndefined();
    expect(ended).toBe(true);
    expect(bytes.length).toBeLessThan(64 * 1024);
    expect(gunzipSync(bytes).length).toBe(GZIP_BOMB_INFLATED_BYTES);
  });

  it('lyingContentLength declares 100 MiB and sends only a few bytes of it', async () => {
    const { headers, bytes, ended } = await faulted('lyingContentLength', true);
    expect(headers['content-length']).toBe(String(LYING_CONTENT_LENGTH));
    expect(ended).toBe(false);
    expect(bytes.length).toBeLessThan(100);
  });
});
