import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../../main/lifecycle/exit-codes';
import { createQuitHandler, runQuitSequence, type QuitStep } from '../../../../main/lifecycle/quit-sequence';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';

const flush = async () => {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

describe('runQuitSequence', () => {
  it('runs every step in order and exits with 0 when all succeed', async () => {
    const clock = new FakeClock();
    const { log } = recordingLogger();
    const ran: string[] = [];
    const steps: QuitStep[] = ['flow', 'refresh', 'simulator'].map((name) => ({ name, run: () => void ran.push(name) }));
    expect(await runQuitSequence(steps, { timers: clock.timers, log, stepTimeoutMs: 3_000 })).toBe(EXIT_CODES.ok);
    expect(ran).toEqual(['flow', 'refresh', 'simulator']);
  });

  it('logs a failing step, still runs the rest, and asks for a non-zero exit', async () => {
    const clock = new FakeClock();
    const { log, text } = recordingLogger();
    const ran: string[] = [];
    const code = await runQuitSequence(
      [
        { name: 'flow', run: () => Promise.reject(new Error('window already gone')) },
        { name: 'sync-throw', run: () => { throw new TypeError('bad'); } },
        { name: 'simulator', run: () => void ran.push('simulator') },
      ],
      { timers: clock.timers, log, stepTimeoutMs: 3_000 },
    );
    expect(code).toBe(EXIT_CODES.quitFailed);
    expect(ran).toEqual(['simulator']);
    expect(text()).toContain('step="flow"');
    expect(text()).toContain('window already gone');
    expect(text()).toContain('step="sync-throw"');
  });

  it('leaves a step behind after its bound, so a refresh sleeping in backoff cannot hold the quit', async () => {
    const clock = new FakeClock();
    const { log, text } = recordingLogger();
    const ran: string[] = [];
    let code: number | undefined;
    void runQuitSequence(
      [
        { name: 'settle refreshes', run: () => new Promise<never>(() => undefined), timeoutMs: 4_000 },
        { name: 'simulator', run: () => void ran.push('simulator') },
      ],
      { timers: clock.timers, log, stepTimeoutMs: 3_000 },
    ).then((value) => (code = value));
    await flush();
    clock.advance(3_999);
    await flush();
    expect(ran).toEqual([]);
    clock.advance(1);
    await flush();
    expect(ran).toEqual(['simulator']);
    expect(code).toBe(EXIT_CODES.ok);
    expect(text()).toContain('took too long');
  });
});

describe('createQuitHandler', () => {
  const setup = (steps: () => QuitStep[]) => {
    const clock = new FakeClock();
    const { log, text } = recordingLogger();
    const calls: string[] = [];
    const handler = createQuitHandler(steps, {
      timers: clock.timers,
      log,
      stepTimeoutMs: 3_000,
      quit: () => calls.push('quit'),
      exit: (code) => calls.push(`exit ${code}`),
    });
    const event = () => {
      const e = { prevented: false, preventDefault: () => (e.prevented = true) };
      return e;
    };
    return { clock, handler, calls, event, text };
  };

  it('holds the first quit back, runs the steps, then quits for real and lets that quit through', async () => {
    const ran: string[] = [];
    const { handler, calls, event } = setup(() => [{ name: 'flow', run: () => void ran.push('flow') }]);
    const first = event();
    handler(first);
    expect(first.prevented).toBe(true);
    await flush();
    expect(ran).toEqual(['flow']);
    expect(calls).toEqual(['quit']);
    const final = event();
    handler(final);
    expect(final.prevented).toBe(false);
  });

  it('exits with a non-zero code instead of staying alive when a step fails', async () => {
    const { handler, calls, event } = setup(() => [{ name: 'flow', run: () => Promise.reject(new Error('x')) }]);
    handler(event());
    await flush();
    expect(calls).toEqual([`exit ${EXIT_CODES.quitFailed}`]);
  });

  it('exits even when building the steps throws', async () => {
    const { handler, calls, event, text } = setup(() => {
      throw new Error('services were never built');
    });
    handler(event());
    await flush();
    expect(calls).toEqual([`exit ${EXIT_CODES.quitFailed}`]);
    expect(text()).toContain('services were never built');
  });

  it('holds back a second quit while the first is still running, and runs the steps once', async () => {
    let runs = 0;
    const { clock, handler, calls, event } = setup(() => [
      { name: 'slow', run: () => { runs += 1; return new Promise<never>(() => undefined); } },
    ]);
    handler(event());
    await flush();
    const second = event();
    handler(second);
    expect(second.prevented).toBe(true);
    clock.advance(3_000);
    await flush();
    expect(runs).toBe(1);
    expect(calls).toEqual(['quit']);
  });
});
