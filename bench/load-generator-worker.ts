/**
 * Runs one autocannon load in a worker thread, so the load generator does not share an event loop
 * with the servers it measures. Latencies are taken from autocannon's `response` event (fractions
 * of a millisecond) because its own histogram keeps whole milliseconds only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { LoadFigures, LoadRequest } from './load-generator';

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
