// Renders build/icon.svg into the icon files electron-builder packs:
//   build/icon.png   1024x1024 (Linux, and the source electron-builder falls back to)
//   build/icon.icns  macOS: PNG chunks from 16 to 1024 px
//   build/icon.ico   Windows: 16, 24, 32, 48, 64, 128 and 256 px
// and the tray (menu bar) icons, which scripts/build-main.mjs copies to out/main/tray:
//   build/tray/tray.ico                      Windows: 16, 24 and 32 px of the app icon
//   build/tray/tray.png                      Linux: 32 px of the app icon
//   build/tray/trayTemplate.png, @2x.png     macOS: 16 and 32 px of build/tray-template.svg
// Every size is rendered from the vector source (no downscaling of a bitmap), with resvg compiled
// to WebAssembly so nothing is downloaded beyond the npm package.
//
// Usage: `npm run icons` writes the files; `node scripts/make-icons.mjs --check` exits 1 when the
// committed files differ from what the SVG renders to (used by the packaging tests).
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'build');

/** ICNS chunk types that hold PNG data, with the pixel size each one carries (Apple's icns format). */
const ICNS_CHUNKS = [
  ['icp4', 16],
  ['ic11', 32], // 16@2x
  ['icp5', 32],
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic13', 256], // 128@2x
  ['ic08', 256],
  ['ic14', 512], // 256@2x
  ['ic09', 512],
  ['ic10', 1024], // 512@2x
];

/** Sizes in the Windows icon: the shell picks 16-48 for lists and taskbar, 256 for large views. */
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** Sizes in the Windows tray icon: 16 px at 100 % scaling, 24 and 32 px at 150 % and 200 %. */
const TRAY_ICO_SIZES = [16, 24, 32];

/** Renders the SVG at `size` px square; returns the PNG and straight (not premultiplied) RGBA. */
function render(svg, size) {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render();
  if (image.width !== size || image.height !== size) {
    throw new Error(`rendered ${image.width}x${image.height}, expected ${size}x${size}`);
  }
  // resvg hands out premultiplied pixels; ICO bitmaps store straight alpha.
  const rgba = Buffer.from(image.pixels);
  for (let i = 0; i < rgba.length; i += 4) {
    const alpha = rgba[i + 3];
    if (alpha === 0 || alpha === 255) continue;
    for (let c = 0; c < 3; c += 1) rgba[i + c] = Math.min(255, Math.round((rgba[i + c] * 255) / alpha));
  }
  return { size, png: Buffer.from(image.asPng()), rgba };
}

/** Builds an .icns file: 'icns' + total length, then one (type, length, PNG) chunk per entry. */
function encodeIcns(chunks) {
  const parts = chunks.map(([type, png]) => {
    const header = Buffer.alloc(8);
    header.write(type, 0, 'latin1');
    header.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([header, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([header, ...parts]);
}

/**
 * A 32-bit bottom-up DIB as stored inside .ico files: BITMAPINFOHEADER with doubled height, BGRA
 * rows, then the 1-bit AND mask (set where fully transparent) for consumers that ignore alpha.
 */
function encodeIcoBitmap({ size, rgba }) {
  const maskStride = Math.ceil(size / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(0, 16); // BI_RGB
  header.writeUInt32LE(size * size * 4 + maskStride * size, 20);
  const pixels = Buffer.alloc(size * size * 4);
  const mask = Buffer.alloc(maskStride * size);
  for (let y = 0; y < size; y += 1) {
    const row = size - 1 - y;
    for (let x = 0; x < size; x += 1) {
      const src = (y * size + x) * 4;
      const dst = (row * size + x) * 4;
      pixels[dst] = rgba[src + 2];
      pixels[dst + 1] = rgba[src + 1];
      pixels[dst + 2] = rgba[src];
      pixels[dst + 3] = rgba[src + 3];
      if (rgba[src + 3] === 0) mask[row * maskStride + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

/** Builds an .ico file: ICONDIR, one ICONDIRENTRY per image, then the images (256 px as PNG). */
function encodeIco(images) {
  const payloads = images.map((image) => (image.size >= 256 ? image.png : encodeIcoBitmap(image)));
  const dir = Buffer.alloc(6 + 16 * images.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // 1 = icon
  dir.writeUInt16LE(images.length, 4);
  let offset = dir.length;
  images.forEach((image, index) => {
    const entry = 6 + 16 * index;
    dir.writeUInt8(image.size >= 256 ? 0 : image.size, entry); // 0 means 256
    dir.writeUInt8(image.size >= 256 ? 0 : image.size, entry + 1);
    dir.writeUInt16LE(1, entry + 4); // colour planes
    dir.writeUInt16LE(32, entry + 6); // bits per pixel
    dir.writeUInt32LE(payloads[index].length, entry + 8);
    dir.writeUInt32LE(offset, entry + 12);
    offset += payloads[index].length;
  });
  return Buffer.concat([dir, ...payloads]);
}

/** Renders every size once and returns the three files' contents keyed by file name. */
async function makeIcons() {
  const require = createRequire(import.meta.url);
  await initWasm(await readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  const svg = await readFile(path.join(buildDir, 'icon.svg'), 'utf8');
  const sizes = [...new Set([...ICNS_CHUNKS.map(([, size]) => size), ...ICO_SIZES])];
  const rendered = new Map(sizes.map((size) => [size, render(svg, size)]));
  const at = (size) => rendered.get(size);
  const traySvg = await readFile(path.join(buildDir, 'tray-template.svg'), 'utf8');
  return {
    'icon.png': at(1024).png,
    'icon.icns': encodeIcns(ICNS_CHUNKS.map(([type, size]) => [type, at(size).png])),
    'icon.ico': encodeIco(ICO_SIZES.map(at)),
    'tray/tray.ico': encodeIco(TRAY_ICO_SIZES.map(at)),
    'tray/tray.png': at(32).png,
    // The `Template` suffix and the `@2x` twin are how macOS finds and tints them (Tray docs).
    'tray/trayTemplate.png': render(traySvg, 16).png,
    'tray/trayTemplate@2x.png': render(traySvg, 32).png,
  };
}

const check = process.argv.includes('--check');
const files = await makeIcons();
const stale = [];
for (const [name, contents] of Object.entries(files)) {
  const target = path.join(buildDir, name);
  if (check) {
    const current = await readFile(target).catch(() => null);
    if (current === null || !current.equals(contents)) stale.push(name);
  } else {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, contents);
    process.stdout.write(`wrote build/${name} (${contents.length} bytes)\n`);
  }
}
if (stale.length > 0) {
  console.error(`Out of date with build/icon.svg: ${stale.join(', ')}. Run \`npm run icons\`.`);
  process.exit(1);
}
