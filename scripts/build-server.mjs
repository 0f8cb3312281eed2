// Bundles the firm server (server/main.ts) as one CommonJS file, out/server/index.cjs, for
// `node out/server/index.cjs` and the Docker image. PGlite stays a package beside it (its
// WebAssembly and data files are loaded from its own folder); pg's optional native binding is
// never used. The SQL migrations are copied next to the bundle: migrate.ts reads them from
// `<bundle folder>/migrations` (its MIGRATIONS_DIR is `__dirname/migrations`).
import { cp, rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { commonOptions } from './main-bundle-options.mjs';

const SERVER_BUNDLE = 'out/server/index.cjs';

await rm('out/server', { recursive: true, force: true });
await build({
  ...commonOptions,
  entryPoints: ['server/main.ts'],
  outfile: SERVER_BUNDLE,
  external: ['@electric-sql/pglite', 'pg-native'],
});
await cp('server/db/migrations', 'out/server/migrations', { recursive: true });
