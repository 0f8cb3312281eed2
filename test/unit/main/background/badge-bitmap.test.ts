import { describe, expect, it } from 'vitest';
import { attentionBadgeBitmap, BADGE_SIZE } from '../../../../main/background/badge-bitmap';

function pixel(bitmap: Uint8Array, x: number, y: number): number[] {
  const at = (y * BADGE_SIZE + x) * 4;
  return [...bitmap.slice(at, at + 4)];
}

describe('the taskbar overlay badge', () => {
  it('is a 16×16 BGRA bitmap: a red disc with a white mark, transparent corners', () => {
    const bitmap = attentionBadgeBitmap();
    expect(bitmap.length).toBe(16 * 16 * 4);
    expect(pixel(bitmap, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(bitmap, 15, 15)).toEqual([0, 0, 0, 0]);
    expect(pixel(bitmap, 3, 7)).toEqual([0x2b, 0x2b, 0xc6, 0xff]);
    expect(pixel(bitmap, 7, 5)).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(pixel(bitmap, 8, 11)).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(pixel(bitmap, 7, 10)).toEqual([0x2b, 0x2b, 0xc6, 0xff]);
  });
});
