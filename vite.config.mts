import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The repository root (this file's folder). */
const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const mainFolder = fileURLToPath(new URL('./main/', import.meta.url));

/** The renderer's initial JavaScript must stay below this, gzipped. */
const INITIAL_JS_BUDGET_BYTES = 151 * 1024;

/**
 * Fails the renderer build when it pulls in what it must not: zod (the renderer only uses the
 * contract's types), Electron, or anything from main/. Only `import type` may cross these lines.
 */
function rendererBoundaries(): Plugin {
  return {
    name: 'renderer-boundaries',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'zod' || source.startsWith('zod/') || source === 'electron') {
        this.error(`the renderer may not import "${source}" at runtime (from ${importer ?? '?'})`);
      }
      return null;
    },
    load(id) {
      if (id.startsWith(mainFolder)) this.error(`the renderer may not import main/ (${id})`);
      return null;
    },
  };
}

/** Fails the build when the entry chunk plus its static imports exceed the gzip budget. */
function initialJsBudget(): Plugin {
  return {
    name: 'initial-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(
        Object.values(bundle).flatMap((item) => (item.type === 'chunk' ? [[item.fileName, item] as const] : [])),
      );
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        const chunk = chunks.get(fileName);
        if (!chunk || initial.has(fileName)) return;
        initial.add(fileName);
        chunk.imports.forEach(visit);
      };
      chunks.forEach((chunk) => chunk.isEntry && visit(chunk.fileName));
      const bytes = [...initial].reduce((sum, name) => sum + gzipSync(chunks.get(name)?.code ?? '').length, 0);
      if (bytes > INITIAL_JS_BUDGET_BYTES) {
        this.error(`initial renderer JS is ${bytes} bytes gzipped; the budget is ${INITIAL_JS_BUDGET_BYTES}`);
      }
    },
  };
}

/**
 * The dev server needs inline scripts (React Refresh preamble), inline <style> (CSS hot reload)
 * and a websocket; loosen the index.html policy for `vite serve` only. The build keeps it strict.
 */
function devServerCsp(): Plugin {
  return {
    name: 'dev-server-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*");
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [rendererBoundaries(), react(), initialJsBudget(), devServerCsp()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome130',
  },
  server: {
    fs: { allow: [repoRoot] },
  },
});
