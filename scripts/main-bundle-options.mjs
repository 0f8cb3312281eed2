// The esbuild options of the main-process, preload and simulator bundles, shared by
// scripts/build-main.mjs and the packaging test that checks what the main bundle carries.
import path from 'node:path';

/**
 * zod 4 re-exports every locale it ships (`z.locales.de`, `z.locales.ja`, ...) from
 * `v4/locales/index`, and its namespace re-exports (`export * as locales`) keep esbuild from
 * tree-shaking them: about 360 KiB of the main bundle. The app shows none of zod's messages (its
 * own texts live in the renderer's i18n), and zod itself registers only English as its default
 * (`v4/classic/schemas`). This plugin replaces that index with one that exports English only.
 */
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/(?:\.\.\/)*locales\/index\.c?js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      const localesDir = path.resolve(args.resolveDir, path.dirname(args.path));
      return { path: path.join(localesDir, 'index.english-only.js'), namespace: 'zod-english-only' };
    });
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

/** Options every bundle shares. */
export const commonOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['electron'],
  plugins: [zodEnglishOnly],
};

/** The main process bundle (`out/main/index.cjs` unless another file is given). */
export function mainBundleOptions(outfile = 'out/main/index.cjs') {
  return { ...commonOptions, entryPoints: ['main/electron/index.ts'], outfile };
}
