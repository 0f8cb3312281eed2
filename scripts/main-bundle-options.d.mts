import type { BuildOptions, Plugin } from 'esbuild';

/** Replaces zod's all-locales index with one that exports English only. */
export const zodEnglishOnly: Plugin;
/** Options every bundle shares. */
export const commonOptions: BuildOptions;
/** The main process bundle (`out/main/index.cjs` unless another file is given). */
export function mainBundleOptions(outfile?: string): BuildOptions & { entryPoints: string[]; outfile: string };
