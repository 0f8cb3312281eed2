import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWindowStateStore, WINDOW_STATE_SAVE_DELAY_MS } from '../../../../main/desktop/window-state-store';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';
import { useTempDirs } from '../storage/temp-dir';

const tempDir = useTempDirs();
const state = (x: number) => ({ bounds: { x, y: 20, width: 1000, height: 700 }, maximized: false });


describe('the window state file', () => {
  it('writes a move only once the window has rested, the last place only, and reads it back', async () => {
    const dir = await tempDir();
    const clock = new FakeClock();
    const filePath = path.join(dir, 'window-state.json');
    const store = createWindowStateStore({ filePath, timers: clock.timers, log: recordingLogger().log });
    let x = 0;
    for (let step = 0; step < 20; step++) {
      x += 10;
      store.changed(() => state(x));
      clock.advance(50);
    }
    await store.idle();
    await expect(readFile(filePath, 'utf8')).rejects.toThrow();
    clock.advance(WINDOW_STATE_SAVE_DELAY_MS);
    await store.idle();
    expect(JSON.parse(await readFile(filePath, 'utf8'))).toEqual(state(200));
    await expect(store.load()).resolves.toEqual(state(200));
  });

  it('writes at once when the window closes, and drops the pending write', async () => {
    const dir = await tempDir();
    const clock = new FakeClock();
    const filePath = path.join(dir, 'window-state.json');
    const store = createWindowStateStore({ filePath, timers: clock.timers, log: recordingLogger().log });
    store.changed(() => state(1));
    await store.flush(state(2));
    expect(JSON.parse(await readFile(filePath, 'utf8'))).toEqual(state(2));
    clock.advance(WINDOW_STATE_SAVE_DELAY_MS);
    await store.idle();
    expect(JSON.parse(await readFile(filePath, 'utf8'))).toEqual(state(2));
  });

  it('reads no state from a missing or damaged file', async () => {
    const dir = await tempDir();
    const filePath = path.join(dir, 'window-state.json');
    const store = createWindowStateStore({ filePath, timers: new FakeClock().timers, log: recordingLogger().log });
    await expect(store.load()).resolves.toBeNull();
    await writeFile(filePath, '{"bounds":');
    await expect(store.load()).resolves.toBeNull();
  });
});
