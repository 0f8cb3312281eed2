import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });

/**
 * The messages of the import-boundary rules for `code` linted as if it were `file`. main/ and
 * shared/ use type-aware rules, which need a file the TypeScript project knows: existing ones are
 * named for them (only their path matters; the text linted is `code`).
 */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((message) => message.message);
}

describe('import boundaries (eslint.config.mjs)', () => {
  it('stops the renderer from importing main/, electron, zod or Node built-ins', async () => {
    expect(await boundaryErrors('renderer/src/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await boundaryErrors('renderer/src/probe.ts', "import { ConnectFlow } from '../../main/connect/connect-flow';\nexport const a = ConnectFlow;\n")).toHaveLength(1);
    expect(await boundaryErrors('renderer/src/probe.ts', "import { z } from 'zod';\nexport const a = z;\n")).toHaveLength(1);
    expect(await boundaryErrors('renderer/src/probe.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
  });

  it('lets the renderer import only types from the zod-based IPC contract', async () => {
    expect(await boundaryErrors('renderer/src/probe.ts', "import type { AppInfo } from '../../shared/ipc-contract';\nexport type A = AppInfo;\n")).toEqual([]);
    expect(await boundaryErrors('renderer/src/probe.ts', "import { appInfoSchema } from '../../shared/ipc-contract';\nexport const a = appInfoSchema;\n")).toHaveLength(1);
  });

  it('stops shared/ from importing electron or Node built-ins', async () => {
    expect(await boundaryErrors('shared/scope-string.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await boundaryErrors('shared/scope-string.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toHaveLength(1);
  });

  it('keeps electron inside main/electron/', async () => {
    expect(await boundaryErrors('main/connect/random-token.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await boundaryErrors('main/electron/updater.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });

  it('keeps the simulator apart: it imports only shared/, and main/ and shared/ never import it or the tests', async () => {
    expect(await boundaryErrors('simulator/grant-store.ts', "import { ConnectFlow } from '../main/connect/connect-flow';\nexport const a = ConnectFlow;\n")).toHaveLength(1);
    expect(await boundaryErrors('simulator/grant-store.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await boundaryErrors('simulator/grant-store.ts', "import { useTempDirs } from '../test/unit/main/storage/temp-dir';\nexport const a = useTempDirs;\n")).toHaveLength(1);
    expect(await boundaryErrors('simulator/grant-store.ts', "import { SCOPE_NAMES } from '../shared/scope-names';\nexport const a = SCOPE_NAMES;\n")).toEqual([]);
    expect(await boundaryErrors('main/connect/random-token.ts', "import { startFortnoxSimulator } from '../../simulator/fortnox-simulator';\nexport const a = startFortnoxSimulator;\n")).toHaveLength(1);
    expect(await boundaryErrors('shared/scope-string.ts', "import { startFortnoxSimulator } from '../simulator/fortnox-simulator';\nexport const a = startFortnoxSimulator;\n")).toHaveLength(1);
  });
}, 60_000);
