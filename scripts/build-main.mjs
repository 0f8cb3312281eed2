// Bundles the main process, the sandboxed preload and the development simulator as CommonJS.
// The renderer is built separately by Vite (vite.config.ts).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['electron'],
};

await Promise.all([
  build({ ...common, entryPoints: ['main/electron/index.ts'], outfile: 'out/main/index.cjs' }),
  // Sandboxed preloads can require only `electron`: everything else is inlined into one file.
  build({ ...common, entryPoints: ['main/electron/preload.ts'], outfile: 'out/preload/index.cjs', platform: 'browser' }),
  build({ ...common, entryPoints: ['test/simulator/standalone.ts'], outfile: 'out/simulator/index.cjs' }),
]);
