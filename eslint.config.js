// ESLint flat config. Each rule that is not a preset says why it is here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    plugins: { 'import-x': importX },
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
    rules: {
      // Type-only imports vanish at build time and keep the worker boundary honest.
      '@typescript-eslint/consistent-type-imports': 'error',
      // An `any` needs a reason written beside it (eslint-disable-next-line with a comment).
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Folders form floors; a cycle means a floor leans on the one above it.
      'import-x/no-cycle': 'error',
    },
  },
  {
    // The engine runs without a DOM (worker and plain Node): no page globals, no UI imports.
    files: [
      'src/protocol/**',
      'src/cluster/**',
      'src/vm/**',
      'src/docker/**',
      'src/http/**',
      'src/registry/**',
      'src/lessons/**',
    ],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage'],
      'no-restricted-imports': ['error', { patterns: ['**/ui/**', 'react', 'react-dom'] }],
    },
  },
  {
    // cluster/ and vm/ never import each other: the kubelet sees the guest only through protocol/GuestLink.
    files: ['src/cluster/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/vm/**', '**/ui/**', 'react'] }] },
  },
  {
    files: ['src/vm/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/cluster/**', '**/ui/**', 'react'] }] },
  },
  {
    // The page talks to the engine through protocol/ types and the worker's Comlink API only.
    files: ['src/ui/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/vm/**', '**/cluster/**', '**/registry/**'] }] },
  },
);
