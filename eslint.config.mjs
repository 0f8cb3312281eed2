// ESLint flat config. Import boundaries follow the runtime each folder runs in (see STYLE.md):
// renderer/ may import neither main/ nor electron nor zod (it is bundled for the page);
// shared/ may import neither electron nor Node built-ins; only main/electron/ may import electron.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'url', 'util', 'stream', 'events', 'buffer'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['main/**/*.ts', 'shared/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/**', '**/main'], message: 'The renderer talks to main only through window.connector.' },
            { group: ['electron', 'electron/*'], message: 'The renderer never imports Electron.' },
            { group: ['zod', 'zod/*'], message: 'Keep zod out of the renderer bundle; import types only from shared/ipc-contract.' },
            { group: nodeBuiltins, message: 'The renderer runs in a sandboxed page without Node.' },
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '../../shared/ipc-contract', message: 'Import only types from the IPC contract (it pulls in zod).', allowTypeImports: true },
            { name: '../shared/ipc-contract', message: 'Import only types from the IPC contract (it pulls in zod).', allowTypeImports: true },
            { name: '../../../shared/ipc-contract', message: 'Import only types from the IPC contract (it pulls in zod).', allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'shared/ runs everywhere: no Electron.' },
            { group: nodeBuiltins, message: 'shared/ runs everywhere: no Node built-ins.' },
            { group: ['**/main/**', '**/renderer/**', '**/simulator/**', '**/test/**'], message: 'shared/ depends on nothing above it.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'Only main/electron/ touches Electron; take collaborators as parameters.' },
            { group: ['**/renderer/**'], message: 'main/ never imports the renderer.' },
            { group: ['**/simulator/**', '**/test/**'], message: 'main/ never imports the simulator or tests: the app loads the simulator bundle at run time, so a packaged app can leave it out.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'The firm server is plain Node: it never imports Electron.' },
            { group: ['**/main/electron/**', '**/main/electron'], message: 'The firm server never imports the Electron glue.' },
            { group: ['**/renderer/**'], message: 'The firm server never imports the renderer.' },
            { group: ['**/test/**'], message: 'The firm server never imports tests.' },
          ],
        },
      ],
    },
  },
  {
    files: ['simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'The simulator is plain Node: the app and the firm server both embed it.' },
            { group: ['**/main/**', '**/renderer/**', '**/server/**', '**/test/**'], message: 'The simulator stands in for Fortnox: it knows nothing of the app, the server or the tests.' },
          ],
        },
      ],
    },
  },
);
