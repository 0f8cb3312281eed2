import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const SOURCE = path.join(ROOT, 'renderer/src');
const TESTS = path.join(ROOT, 'test/unit/renderer');

/** The renderer's feature folders (issue 9 item 7): everything about one screen lives in one of them. */
const FEATURES = ['activity', 'batch', 'clients', 'common', 'companies', 'connect', 'i18n', 'settings', 'shell', 'styles', 'tools'];
/** The only files allowed at renderer/src's root: the entry point, the root component and type declarations. */
const ROOT_FILES = ['App.tsx', 'connector.d.ts', 'main.tsx', 'vite-env.d.ts'];

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('the renderer is organised by feature', () => {
  it('keeps only the entry point and declarations at its root, and every folder is a known feature', () => {
    const entries = readdirSync(SOURCE);
    const files = entries.filter((name) => !statSync(path.join(SOURCE, name)).isDirectory());
    const folders = entries.filter((name) => statSync(path.join(SOURCE, name)).isDirectory());
    expect(files.sort()).toEqual(ROOT_FILES);
    expect(folders.filter((folder) => !FEATURES.includes(folder))).toEqual([]);
  });

  it('mirrors the source folders in its unit tests: each test sits in the folder of the module it tests', () => {
    const sources = new Map(filesUnder(SOURCE).map((file) => [path.relative(SOURCE, file).replace(/\.tsx?$/, ''), file]));
    const misplaced = filesUnder(TESTS)
      .filter((file) => file.endsWith('.test.ts') || file.endsWith('.test.tsx'))
      .map((file) => path.relative(TESTS, file).replace(/\.test\.tsx?$/, ''))
      .filter((relative) => {
        const folder = path.dirname(relative);
        const folderModules = [...sources.keys()].filter((key) => path.dirname(key) === folder);
        // A test is in the right place when its folder is a source folder holding a module it names,
        // or (for tests about a folder's whole, like messages) at least a source folder.
        return folderModules.length === 0;
      });
    expect(misplaced).toEqual([]);
  });
});
