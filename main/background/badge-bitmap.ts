/** The overlay icon's size: Windows draws a 16×16 image on the taskbar button (BrowserWindow docs). */
export const BADGE_SIZE = 16;

/** The badge's colours, as [blue, green, red, alpha] (Electron's bitmaps are BGRA). */
const RED: readonly number[] = [0x2b, 0x2b, 0xc6, 0xff];
const WHITE: readonly number[] = [0xff, 0xff, 0xff, 0xff];

/** Is (x, y) in the white "!" of a 16×16 badge: a bar from row 3 to 9 and a dot at rows 11–12. */
function inMark(x: number, y: number): boolean {
  const column = x === 7 || x === 8;
  return column && ((y >= 3 && y <= 9) || (y >= 11 && y <= 12));
}

/**
 * A 16×16 BGRA bitmap of a red disc with a white "!" for the Windows taskbar overlay: drawn here
 * in a few lines rather than shipped as a file, so it needs no asset in the package. The count
 * itself goes in the overlay's description, which screen readers announce.
 */
export function attentionBadgeBitmap(): Uint8Array {
  const pixels = new Uint8Array(BADGE_SIZE * BADGE_SIZE * 4);
  const centre = (BADGE_SIZE - 1) / 2;
  const radius = BADGE_SIZE / 2;
  for (let y = 0; y < BADGE_SIZE; y += 1) {
    for (let x = 0; x < BADGE_SIZE; x += 1) {
      const inside = Math.hypot(x - centre, y - centre) <= radius - 0.25;
      if (!inside) continue;
      pixels.set(inMark(x, y) ? WHITE : RED, (y * BADGE_SIZE + x) * 4);
    }
  }
  return pixels;
}
