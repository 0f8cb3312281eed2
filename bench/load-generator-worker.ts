/**
 * Runs one autocannon load in a worker thread, so the load generator does not share an event loop
 * with the servers it measures. Latencies are taken from autocannon's `response` event (fractions
 * of a millisecond) because its own histogram keeps whole milliseconds only.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadFigures, LoadRequest } from './load-generator';

/** The part of autocannon's API used here (its README: options, the done callback, the `response` event). */
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
}
type Autocannon = (
  options: { url: string; method: string; headers: Record<string, string>; body?: string; connections: number; duration: number; amount?: number },
  done: (error: Error | null, result: { non2xx: number; errors: number; timeouts: number }) => void,
) => AutocannonInstance;

// Loaded when the bench runs, not at type-check time: a checkout whose node_modules predates
// autocannon (npm ci not yet run) still type-checks; only `npm run bench` needs the package.
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const request = workerData as LoadRequest;
const latencies: number[] = [];
const started = performance.now();
const instance = autocannon(
  {
    url: request.url,
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    connections: request.connections,
    duration: request.durationSeconds,
    ...(request.amount !== undefined ? { amount: request.amount } : {}),
  },
  (error, result) => {
    const seconds = (performance.now() - started) / 1000;
    if (error) throw error;
    const sorted = Float64Array.from(latencies).sort();
    const figures: Omit<LoadFigures, 'busyMicrosPerRequest'> = {
      requestsPerSecond: latencies.length / seconds,
      ok: latencies.length,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
    };
    parentPort?.postMessage(figures);
  },
);
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
});
