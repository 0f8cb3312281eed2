import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The repository root (this file lives in test/unit/packaging/). */
export const ROOT = path.resolve(__dirname, '../../..');

/** A YAML or JSON file of the repository, parsed; YAML is parsed strictly (duplicate keys throw). */
export function readProjectFile<T = Record<string, unknown>>(relative: string): T {
  const text = readFileSync(path.join(ROOT, relative), 'utf8');
  return (relative.endsWith('.json') ? JSON.parse(text) : parse(text, { uniqueKeys: true })) as T;
}

/** The parts of package.json the packaging tests read. */
export interface PackageJson {
  name: string;
  version: string;
  main: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts: Record<string, string>;
}

/** The installed version of an npm package, from its own package.json. */
export function installedVersion(name: string): string {
  return readProjectFile<{ version: string }>(`node_modules/${name}/package.json`).version;
}
