import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CompanyEvents, DEFAULT_END_WAIT_MS } from '../../../../server/http/company-events';
import { FakeClock } from '../../main/fake-timers';

/**
 * A response whose bytes reach the network only when the test says so (`flush`), as a socket
 * whose reader is gone without closing never takes them.
 */
class HeldResponse extends EventEmitter {
  writableEnded = false;
  writableFinished = false;
  destroyed = false;
  writableLength = 0;
  readonly written: string[] = [];
  writeHead(): this {
    return this;
  }
  write(text: string): boolean {
    this.written.push(text);
    return true;
  }
  end(): this {
    this.writableEnded = true;
    return this;
  }
  /** The end reached the network: finished, then closed (as Node's ServerResponse does). */
  flush(): void {
    this.writableFinished = true;
    this.emit('finish');
    this.emit('close');
  }
  destroy(): this {
    this.destroyed = true;
    this.emit('close');
    return this;
  }
}

function events(clock: FakeClock) {
  return new CompanyEvents({
    subscribe: () => () => undefined,
    read: async () => ({ companies: [], version: 1 }),
    stillValid: async () => true,
    timers: clock.timers,
    now: clock.now,
  });
}

describe('CompanyEvents ending its streams (shutdown)', () => {
  it('ends every stream, and destroys the connection of one whose end has not reached its reader within the wait', async () => {
    const clock = new FakeClock();
    const list = events(clock);
    const gone = new HeldResponse();
    const reading = new HeldResponse();
    list.open(gone as unknown as ServerResponse, { secret: 'a', id: 1 });
    list.open(reading as unknown as ServerResponse, { secret: 'b', id: 2 });
    await list.settled();
    list.close();
    expect([gone.writableEnded, reading.writableEnded]).toEqual([true, true]);
    // The reading client takes the end at once; the other never does.
    reading.flush();
    clock.advance(DEFAULT_END_WAIT_MS - 1);
    expect(gone.destroyed).toBe(false);
    clock.advance(1);
    expect(gone.destroyed).toBe(true);
    expect(reading.destroyed).toBe(false);
    expect(list.size).toBe(0);
  });
});
