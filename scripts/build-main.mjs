// Bundles the main process, the sandboxed preload and the development simulator as CommonJS.
// The renderer is built separately by Vite (vite.config.ts).
import { cp } from 'node:fs/promises';
import { build } from 'esbuild';
import { commonOptions, mainBundleOptions } from './main-bundle-options.mjs';

await Promise.all([
  build(mainBundleOptions()),
  // Sandboxed preloads can require only `electron`: everything else is inlined into one file.
  build({ ...commonOptions, entryPoints: ['main/electron/preload.ts'], outfile: 'out/preload/index.cjs', platform: 'browser' }),
  build({ ...commonOptions, entryPoints: ['simulator/standalone.ts'], outfile: 'out/simulator/index.cjs' }),
]);
// The tray (menu bar) icons, next to the main bundle that loads them (main/electron/app-tray.ts).
await cp('build/tray', 'out/main/tray', { recursive: true });
