import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

/** One load: autocannon against `url` with `connections` keep-alive connections for `durationSeconds`. */
export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationSeconds: number;
  /** Stop after this many requests instead (autocannon's `amount`; durationSeconds is then ignored): a smoke test's few requests. */
  amount?: number;
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
  /**
   * This thread's (the servers') event-loop active time per 2xx answer, in microseconds: the cost
   * of an answer when the servers are saturated; on an overloaded machine it includes time the
   * thread waited for a CPU.
   */
  busyMicrosPerRequest: number;
}

/**
 * Runs autocannon (a kept load generator, issue 8 item 10) in a worker thread: the servers stay
 * alone on this thread's event loop, as they would be in the app.
 */
export function runLoad(request: LoadRequest): Promise<LoadFigures> {
  const before = performance.eventLoopUtilization();
  return new Promise((resolve, reject) => {
    // The worker is TypeScript too: it loads through tsx's require hook, as `npm run bench` does.
    const worker = new Worker(path.join(__dirname, 'load-generator-worker.ts'), { workerData: request, execArgv: ['--require', 'tsx/cjs'] });
    worker.once('message', (figures: Omit<LoadFigures, 'busyMicrosPerRequest'>) => {
      const busyMs = performance.eventLoopUtilization(before).active;
      resolve({ ...figures, busyMicrosPerRequest: (busyMs * 1000) / Math.max(1, figures.ok) });
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`load generator stopped (exit code ${code})`)));
  });
}
