import { describe, expect, it } from 'vitest';
import { watchForReload, type ReloadTriggerPorts } from '../../../../renderer/src/common/reload-triggers';

/** A window and document that only dispatch what the test fires, and timers the test ticks. */
function fakePorts() {
  const listeners = new Map<string, Set<() => void>>();
  const on = (type: string, listener: () => void) => listeners.set(type, (listeners.get(type) ?? new Set()).add(listener));
  const off = (type: string, listener: () => void) => listeners.get(type)?.delete(listener);
  const timers = new Map<number, { callback: () => void; ms: number }>();
  let nextTimer = 1;
  const state = { visibility: 'visible' };
  const ports: ReloadTriggerPorts = {
    window: { addEventListener: on, removeEventListener: off },
    document: {
      get visibilityState() {
        return state.visibility;
      },
      addEventListener: on,
      removeEventListener: off,
    },
    setInterval: (callback, ms) => {
      timers.set(nextTimer, { callback, ms });
      return nextTimer++;
    },
    clearInterval: (id) => timers.delete(id),
  };
  const fire = (type: string) => listeners.get(type)?.forEach((listener) => listener());
  const tick = () => timers.forEach((timer) => timer.callback());
  return { ports, fire, tick, timers, state, listening: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0) };
}

describe('watchForReload', () => {
  it('reloads when the window regains the focus and when the page becomes visible again', () => {
    const fake = fakePorts();
    let reloads = 0;
    watchForReload(fake.ports, () => (reloads += 1), 30_000);

    fake.fire('focus');
    expect(reloads).toBe(1);
    fake.state.visibility = 'hidden';
    fake.fire('visibilitychange');
    expect(reloads).toBe(1);
    fake.state.visibility = 'visible';
    fake.fire('visibilitychange');
    expect(reloads).toBe(2);
  });

  it('reloads on every tick of its interval while the page is visible, not while it is hidden', () => {
    const fake = fakePorts();
    let reloads = 0;
    watchForReload(fake.ports, () => (reloads += 1), 30_000);

    expect([...fake.timers.values()].map((timer) => timer.ms)).toEqual([30_000]);
    fake.tick();
    fake.tick();
    expect(reloads).toBe(2);
    fake.state.visibility = 'hidden';
    fake.tick();
    expect(reloads).toBe(2);
  });

  it('stops listening and clears its timer when stopped', () => {
    const fake = fakePorts();
    let reloads = 0;
    const stop = watchForReload(fake.ports, () => (reloads += 1), 30_000);

    stop();
    fake.fire('focus');
    fake.fire('visibilitychange');
    fake.tick();
    expect(reloads).toBe(0);
    expect(fake.timers.size).toBe(0);
    expect(fake.listening()).toBe(0);
  });
});
