import { writeFileAtomic } from '../storage/atomic-file';
import { FILE_LIMITS, readBoundedFile } from '../storage/read-bounded-file';
import type { Logger } from '../logging/logger';
import { parseWindowState, type WindowState } from './window-bounds';

/** Timers as the rest of main takes them (a fake in tests). */
export interface StoreTimers {
  set: (callback: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

/** How long the window must rest before a move or resize is written (dragging fires dozens a second). */
export const WINDOW_STATE_SAVE_DELAY_MS = 500;

/** Keeps the window's state in `window-state.json`: read once at start, written debounced and on close. */
export interface WindowStateStore {
  load(): Promise<WindowState | null>;
  /** The window moved or was resized: written once it rests. */
  changed(state: () => WindowState): void;
  /** The window closes: written now (a pending write is replaced). */
  flush(state: WindowState): Promise<void>;
  /** Resolves once the write under way (if any) has finished. */
  idle(): Promise<void>;
}

/** Creates the store over `filePath`; a failed write is logged and never thrown (the window's place is a comfort). */
export function createWindowStateStore(deps: { filePath: string; timers: StoreTimers; log: Logger }): WindowStateStore {
  let pending: unknown;
  let latest: (() => WindowState) | null = null;
  // Writes run one after another, so an older place can never land after a newer one.
  let writing: Promise<void> = Promise.resolve();
  const write = (state: WindowState): Promise<void> => {
    writing = writing.then(async () => {
      try {
        await writeFileAtomic(deps.filePath, `${JSON.stringify(state)}\n`);
      } catch (error) {
        deps.log.warn('the window state could not be saved', { error: error instanceof Error ? error.name : typeof error });
      }
    });
    return writing;
  };
  return {
    async load() {
      const read = await readBoundedFile(deps.filePath, FILE_LIMITS.settings);
      return read.kind === 'text' ? parseWindowState(read.text) : null;
    },
    changed(state) {
      latest = state;
      if (pending !== undefined) deps.timers.clear(pending);
      pending = deps.timers.set(() => {
        pending = undefined;
        const current = latest;
        latest = null;
        if (current) void write(current());
      }, WINDOW_STATE_SAVE_DELAY_MS);
    },
    flush(state) {
      if (pending !== undefined) deps.timers.clear(pending);
      pending = undefined;
      latest = null;
      return write(state);
    },
    idle: () => writing,
  };
}
