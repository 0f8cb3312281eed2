import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, parseWindowState, restoreWindowState, type DisplayArea } from '../../../../main/desktop/window-bounds';

/** A laptop (primary, with a 40 px taskbar) and a monitor to its right, as screen.getAllDisplays() reports them. */
const LAPTOP: DisplayArea = { workArea: { x: 0, y: 0, width: 1440, height: 860 } };
const MONITOR: DisplayArea = { workArea: { x: 1440, y: -200, width: 2560, height: 1400 } };

describe('restoring the window’s size and place', () => {
  it('opens at the default size, centred on the primary display, the first time', () => {
    expect(restoreWindowState(null, [LAPTOP, MONITOR])).toEqual({
      bounds: { x: 130, y: 20, width: DEFAULT_WINDOW_SIZE.width, height: DEFAULT_WINDOW_SIZE.height },
      maximized: false,
    });
  });

  it('keeps a saved place that lies on a display, on the second display too, and the maximised state', () => {
    const saved = { bounds: { x: 1600, y: 0, width: 1300, height: 900 }, maximized: true };
    expect(restoreWindowState(saved, [LAPTOP, MONITOR])).toEqual(saved);
  });

  it('moves a window that hangs off the edge of its display fully back onto it', () => {
    const saved = { bounds: { x: 1000, y: 500, width: 1000, height: 700 }, maximized: false };
    expect(restoreWindowState(saved, [LAPTOP]).bounds).toEqual({ x: 440, y: 160, width: 1000, height: 700 });
  });

  it('centres the window on the primary display when the display it was on is gone (the monitor was unplugged)', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1300, height: 900 }, maximized: false };
    expect(restoreWindowState(saved, [LAPTOP])).toEqual({ bounds: { x: 70, y: 0, width: 1300, height: 860 }, maximized: false });
  });

  it('treats a window with only a sliver on screen (less than a title bar to grab) as off screen', () => {
    const saved = { bounds: { x: -1150, y: 100, width: 1200, height: 800 }, maximized: false };
    expect(restoreWindowState(saved, [LAPTOP]).bounds).toEqual({ x: 120, y: 30, width: 1200, height: 800 });
  });

  it('shrinks a window larger than the display now is (a lower resolution) to its work area', () => {
    const saved = { bounds: { x: 0, y: 0, width: 2500, height: 1400 }, maximized: false };
    expect(restoreWindowState(saved, [LAPTOP]).bounds).toEqual({ x: 0, y: 0, width: 1440, height: 860 });
  });

  it('never restores below the layout’s minimum size', () => {
    const saved = { bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false };
    const { bounds } = restoreWindowState(saved, [LAPTOP]);
    expect([bounds.width, bounds.height]).toEqual([MIN_WINDOW_SIZE.width, MIN_WINDOW_SIZE.height]);
  });

  it('reads nothing from a damaged or hand-edited file, so the default place is used', () => {
    expect(parseWindowState(null)).toBeNull();
    expect(parseWindowState('{not json')).toBeNull();
    expect(parseWindowState(JSON.stringify({ bounds: { x: 0, y: 0, width: -5, height: 10 }, maximized: false }))).toBeNull();
    expect(parseWindowState(JSON.stringify({ bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: false, extra: 1 }))).toBeNull();
    expect(parseWindowState(JSON.stringify({ bounds: { x: 5, y: 6, width: 800, height: 600 }, maximized: true }))).toEqual({
      bounds: { x: 5, y: 6, width: 800, height: 600 },
      maximized: true,
    });
  });
});
