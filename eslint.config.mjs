// Lint rules. The one that matters most: src/core is pure — no editor, no disk, no processes, no network.
import tseslint from 'typescript-eslint';

const forbiddenInCore = ['vscode', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process',
  'http', 'node:http', 'https', 'node:https', 'net', 'node:net', 'tls', 'node:tls', 'dgram', 'node:dgram', 'worker_threads', 'node:worker_threads',
  'process', 'node:process', 'os', 'node:os'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/fixtures/**', 'examples/**', '.vscode-test/**', 'bench/corpus/**', 'media/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: forbiddenInCore.map((name) => ({ name, message: 'src/core is pure: the adapter passes a FileSource in.' })) }],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core must not read the process environment.' }, { name: 'require', message: 'src/core imports statically.' }],
    },
  },
  {
    files: ['src/vscode/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/core/parse/*/**', '**/core/evaluate/**', '**/core/assess/**', '**/core/inventory/**'], message: 'Adapters use the core through src/core/index.ts only.' }] }],
    },
  },
);
