import type { Timers } from '../../../main/connect/connect-flow';

interface Scheduled {
  id: number;
  dueAt: number;
  callback: () => void;
}

/**
 * A manual clock and timer queue: nothing happens until the test calls `advance`, which moves the
 * clock forward and runs every timer that has come due, in due order. Replaces sleeps and vi's
 * global fake timers so a test states exactly how much time passes.
 */
export class FakeClock {
  private current: number;
  private nextId = 1;
  private queue: Scheduled[] = [];
  /** Every handle passed to `clear`, in order. */
  readonly cleared: unknown[] = [];

  constructor(start = Date.UTC(2025, 0, 15, 9, 0, 0)) {
    this.current = start;
  }

  /** The injectable clock. */
  readonly now = (): number => this.current;

  /** The injectable timers. */
  readonly timers: Timers = {
    set: (callback, ms) => {
      const id = this.nextId;
      this.nextId += 1;
      this.queue.push({ id, dueAt: this.current + ms, callback });
      return id;
    },
    clear: (handle) => {
      this.cleared.push(handle);
      this.queue = this.queue.filter((entry) => entry.id !== handle);
    },
  };

  /** Moves time forward by `ms`, running each timer whose due time is reached. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.queue
        .filter((entry) => entry.dueAt <= target)
        .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)[0];
      if (!due) break;
      this.queue = this.queue.filter((entry) => entry.id !== due.id);
      this.current = due.dueAt;
      due.callback();
    }
    this.current = target;
  }

  /**
   * The computer sleeps for `ms`: the wall clock jumps forward but no timer fires, and every
   * pending timer is pushed back by the same amount, as timers that count only time awake are
   * (libuv's monotonic clock stands still during suspend on Linux and macOS).
   */
  suspend(ms: number): void {
    this.current += ms;
    for (const entry of this.queue) entry.dueAt += ms;
  }

  /** How many timers are waiting. */
  pendingTimers(): number {
    return this.queue.length;
  }
}
