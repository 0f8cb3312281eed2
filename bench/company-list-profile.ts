/**
 * Where a filter keystroke's time goes (issue 9 item 3), for working on the list bench: the same
 * page and measurement as bench/company-list-bench.ts, with a CPU profile (self time per function)
 * and a timeline trace (style, layout, paint) taken around the filter samples.
 * `npx tsx bench/company-list-profile.ts [--select]` after `npm run build` (for readable function
 * names, `npx vite build --minify false`).
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { measure, percentile, withCompanyList } from './company-list-bench';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

function selfTimes(profile: Profile): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i += 1) {
    const node = byId.get(samples[i] ?? -1);
    if (!node) continue;
    const frame = node.callFrame;
    const where = frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${where}`;
    totals.set(key, (totals.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  /** Thread (CPU) time: unlike the wall time, not stretched when other processes have the cores. */
  tdur?: number;
  tid?: number;
  args?: { data?: { type?: string } };
}

/** The renderer's main thread: the thread that ran the most layouts. */
function mainThread(events: readonly TraceEvent[]): number | undefined {
  const counts = new Map<number, number>();
  for (const event of events) if (event.name === 'Layout' && event.tid !== undefined) counts.set(event.tid, (counts.get(event.tid) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Median and 95th percentile of the main thread's CPU time in input events and in layouts. */
function threadTimes(events: readonly TraceEvent[]): string[] {
  const stat = (name: string, pick: (event: TraceEvent) => boolean) => {
    const wall = events.filter((event) => event.ph === 'X' && pick(event)).map((event) => (event.dur ?? 0) / 1000).sort((a, b) => a - b);
    const cpu = events.filter((event) => event.ph === 'X' && pick(event)).map((event) => (event.tdur ?? 0) / 1000).sort((a, b) => a - b);
    const at = (values: number[], p: number) => (values[Math.min(values.length - 1, Math.floor(p * values.length))] ?? Number.NaN).toFixed(1);
    return `${name} (${cpu.length}): CPU median ${at(cpu, 0.5)} ms, p95 ${at(cpu, 0.95)} ms, sum ${cpu.reduce((a, b) => a + b, 0).toFixed(0)} ms; wall median ${at(wall, 0.5)} ms, p95 ${at(wall, 0.95)} ms`;
  };
  // Every task on the page's main thread, per change: the keystroke's whole cost wherever it falls.
  const tasks = events.filter((event) => event.ph === 'X' && event.name === 'RunTask' && event.tid === mainThread(events));
  const taskCpu = tasks.reduce((sum, event) => sum + (event.tdur ?? 0) / 1000, 0);
  return [
    `main thread tasks: CPU ${(taskCpu / 32).toFixed(1)} ms per change (the measuring script's own frames included)`,
    stat('input event', (event) => event.name === 'EventDispatch' && event.args?.data?.type === 'input'),
    stat('keydown event', (event) => event.name === 'EventDispatch' && event.args?.data?.type === 'keydown'),
    stat('layout', (event) => event.name === 'Layout'),
    stat('style', (event) => event.name === 'UpdateLayoutTree'),
    stat('paint', (event) => event.name === 'Paint'),
  ];
}

async function main(): Promise<void> {
  const kind = process.argv.includes('--select') ? 'select' : 'filter';
  await withCompanyList(async (page, browser) => {
    // For trying a style change without a rebuild: LIST_PROFILE_CSS="…" npx tsx bench/company-list-profile.ts
    // (a constructed style sheet: the page's CSP refuses inline styles).
    if (process.env.LIST_PROFILE_CSS) {
      await page.evaluate(`(() => { const sheet = new CSSStyleSheet(); sheet.replaceSync(${JSON.stringify(process.env.LIST_PROFILE_CSS)}); document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; })()`);
    }
    if (kind === 'select') {
      await page.getByTestId('company-row').first().click();
    }
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'toplevel', 'disabled-by-default-devtools.timeline'] });
    // --trace-only: no sampling profiler (it slows the page down), for comparing CPU times.
    const cpuProfile = !process.argv.includes('--trace-only');
    if (cpuProfile) await cdp.send('Profiler.start');
    const samples = await measure(page, kind);
    const profile = cpuProfile ? ((await cdp.send('Profiler.stop')) as { profile: Profile }).profile : null;
    const traceText = (await browser.stopTracing()).toString('utf8');
    await writeFile(path.join(os.tmpdir(), `company-list-${kind}.trace.json`), traceText);
    const trace = JSON.parse(traceText) as { traceEvents: TraceEvent[] };
    for (const line of threadTimes(trace.traceEvents)) process.stdout.write(`${line}\n`);
    process.stdout.write(`${kind}: work median ${percentile(samples.work, 50).toFixed(1)} ms, p95 ${percentile(samples.work, 95).toFixed(1)} ms (load ${os.loadavg()[0]?.toFixed(1)})\n`);
    if (profile === null) return;
    const total = selfTimes(profile);
    const sum = total.reduce((acc, [, value]) => acc + value, 0);
    process.stdout.write(`CPU profile self time, ${sum.toFixed(0)} ms over 32 changes (incl. idle):\n`);
    for (const [name, value] of total.slice(0, 40)) process.stdout.write(`  ${value.toFixed(1).padStart(8)} ms  ${name}\n`);
    const phases = new Map<string, { count: number; ms: number }>();
    for (const event of trace.traceEvents) {
      if (event.ph !== 'X' || event.dur === undefined) continue;
      const entry = phases.get(event.name) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += event.dur / 1000;
      phases.set(event.name, entry);
    }
    process.stdout.write('timeline (total duration, nested events overlap):\n');
    for (const [name, entry] of [...phases].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
      process.stdout.write(`  ${entry.ms.toFixed(1).padStart(8)} ms  ${String(entry.count).padStart(5)}x  ${name}\n`);
    }
    await writeFile(path.join(os.tmpdir(), `company-list-${kind}.cpuprofile`), JSON.stringify(profile));
  });
}

void main();
