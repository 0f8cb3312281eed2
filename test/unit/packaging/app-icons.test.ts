import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './packaging-files';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function readBuild(name: string): Buffer {
  return readFileSync(path.join(ROOT, 'build', name));
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
function pngSize(png: Buffer): { width: number; height: number } | null {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the app icons', () => {
  it('are what scripts/make-icons.mjs renders from build/icon.svg', () => {
    // Exits non-zero, naming the stale files, when someone edits the SVG without `npm run icons`.
    expect(() => execFileSync(process.execPath, [path.join(ROOT, 'scripts/make-icons.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
    // Renders every size in WebAssembly in a child process: seconds on a busy two-core machine.
  }, 60_000);

  it('include a 1024 px PNG', () => {
    expect(pngSize(readBuild('icon.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it('include an .ico with every size Windows asks for, 256 px as PNG and the rest as 32-bit bitmaps', () => {
    const ico = readBuild('icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const images = Array.from({ length: ico.readUInt16LE(4) }, (_, index) => {
      const entry = 6 + 16 * index;
      const size = ico.readUInt8(entry) || 256;
      const data = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      return { size, bitCount: ico.readUInt16LE(entry + 6), data };
    });
    expect(images.map((image) => image.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const { size, bitCount, data } of images) {
      expect(bitCount).toBe(32);
      if (size === 256) {
        expect(pngSize(data)).toEqual({ width: 256, height: 256 });
      } else {
        // BITMAPINFOHEADER: 40 bytes, height doubled for the AND mask, 32 bits per pixel.
        expect([data.readUInt32LE(0), data.readInt32LE(4), data.readInt32LE(8), data.readUInt16LE(14)]).toEqual([40, size, size * 2, 32]);
      }
    }
  });

  it('include an .icns with PNG chunks from 16 to 1024 px', () => {
    const icns = readBuild('icon.icns');
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const chunks = new Map<string, Buffer>();
    for (let offset = 8; offset < icns.length; ) {
      const length = icns.readUInt32BE(offset + 4);
      chunks.set(icns.toString('latin1', offset, offset + 4), icns.subarray(offset + 8, offset + length));
      offset += length;
    }
    const expected = { icp4: 16, ic11: 32, icp5: 32, ic12: 64, ic07: 128, ic13: 256, ic08: 256, ic14: 512, ic09: 512, ic10: 1024 };
    expect([...chunks.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [type, size] of Object.entries(expected)) {
      expect(pngSize(chunks.get(type) ?? Buffer.alloc(0)), type).toEqual({ width: size, height: size });
    }
  });

  it('include tray icons: a 16/24/32 px .ico for Windows, a 32 px PNG for Linux and a macOS template pair', () => {
    const ico = readBuild('tray/tray.ico');
    expect(Array.from({ length: ico.readUInt16LE(4) }, (_, index) => ico.readUInt8(6 + 16 * index))).toEqual([16, 24, 32]);
    expect(pngSize(readBuild('tray/tray.png'))).toEqual({ width: 32, height: 32 });
    // Same name with @2x for the 32 px twin, or macOS neither tints it nor uses it on Retina screens.
    expect(pngSize(readBuild('tray/trayTemplate.png'))).toEqual({ width: 16, height: 16 });
    expect(pngSize(readBuild('tray/trayTemplate@2x.png'))).toEqual({ width: 32, height: 32 });
  });
});
