import { z } from 'zod';

/** A rectangle in screen coordinates (DIP), as Electron's `Rectangle`. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of a display windows may use (without the taskbar or menu bar): Electron's `Display.workArea`. */
export interface DisplayArea {
  workArea: Rect;
}

/** The window's size and place when it was last moved or closed (its normal bounds, and whether it was maximised). */
export const windowStateSchema = z.strictObject({
  bounds: z.strictObject({
    x: z.number().int().min(-100_000).max(100_000),
    y: z.number().int().min(-100_000).max(100_000),
    width: z.number().int().min(1).max(100_000),
    height: z.number().int().min(1).max(100_000),
  }),
  maximized: z.boolean(),
});

/** A remembered window state. */
export type WindowState = z.infer<typeof windowStateSchema>;

/** The window's first size, and the smallest the layout allows (app-window.ts). */
export const DEFAULT_WINDOW_SIZE = { width: 1180, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 760, height: 560 } as const;

/** How much of the window must lie on a display for the saved place to be kept (enough to grab its title bar). */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

/** `size` centred in `area`, no larger than the area. */
function centred(area: Rect, size: { width: number; height: number }): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
}

/**
 * Where the window opens: the saved bounds when enough of them lie on a display that still exists,
 * shrunk to fit that display's work area and moved fully onto it; otherwise the saved (or default)
 * size centred on the primary display (the first). A display that was unplugged, a resolution
 * that shrank, or a file edited by hand can never put the window out of reach.
 */
export function restoreWindowState(saved: WindowState | null, displays: readonly DisplayArea[]): { bounds: Rect; maximized: boolean } {
  const primary = displays[0]?.workArea ?? { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE };
  if (!saved) return { bounds: centred(primary, DEFAULT_WINDOW_SIZE), maximized: false };
  const best = displays
    .map((display) => ({ area: display.workArea, visible: overlap(saved.bounds, display.workArea) }))
    .sort((a, b) => b.visible.width * b.visible.height - a.visible.width * a.visible.height)[0];
  const size = {
    width: Math.max(MIN_WINDOW_SIZE.width, saved.bounds.width),
    height: Math.max(MIN_WINDOW_SIZE.height, saved.bounds.height),
  };
  if (!best || best.visible.width < MIN_VISIBLE.width || best.visible.height < MIN_VISIBLE.height) {
    return { bounds: centred(primary, size), maximized: saved.maximized };
  }
  const area = best.area;
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    bounds: {
      x: clamp(saved.bounds.x, area.x, area.x + area.width - width),
      y: clamp(saved.bounds.y, area.y, area.y + area.height - height),
      width,
      height,
    },
    maximized: saved.maximized,
  };
}

/** Reads a saved state from the file's text; null for none or anything unreadable (the window then opens at its default). */
export function parseWindowState(text: string | null): WindowState | null {
  if (text === null) return null;
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
