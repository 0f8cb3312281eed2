import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** One load: autocannon against `url` with `connections` keep-alive connections for `durationSeconds`. */
export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationSeconds: number;
}

/** What one load measured; latencies cover 2xx answers only. */
export interface LoadFigures {
  requestsPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Runs autocannon (a kept load generator, issue 8 item 10) in a worker thread: the servers stay
 * alone on this thread's event loop, as they would be in the app.
 */
export function runLoad(request: LoadRequest): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    // The worker is TypeScript too: it loads through tsx's require hook, as `npm run bench` does.
    const worker = new Worker(path.join(__dirname, 'load-generator-worker.ts'), { workerData: request, execArgv: ['--require', 'tsx/cjs'] });
    worker.once('message', (figures: LoadFigures) => {
      resolve(figures);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`load generator stopped (exit code ${code})`)));
  });
}
