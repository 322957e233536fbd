// ESLint flat config. Each rule that is not a preset says why it is here.
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

// The floors of docs/architecture.md, as data: each area and the areas it may import. An import from any other area
// of the repo is an error, so a new folder is off limits until it gets a row here (and in the docs' table).
const floor1 = ['src/protocol', 'src/http'];
const engine = ['src/vm', 'src/cluster', 'src/registry', 'src/docker'];
const mayImport = {
  // Floor 1: types and wire formats. HTTP/1.1 runs over protocol's ByteStream; protocol/ stands on nothing.
  'src/protocol': [],
  'src/http': ['src/protocol'],
  // Floor 2: the engine. Each folder stands on floor 1 alone, but for one edge: the kubelet runs pods as containers
  // through docker/'s Docker Engine API client (docker/ is the port the cluster drives the guest's dockerd with).
  'src/vm': floor1,
  'src/registry': floor1,
  'src/docker': floor1,
  'src/cluster': [...floor1, 'src/docker'],
  // Floor 3: the stack composes the engine (VM, registry, control plane, node, Docker client) in one place; lessons
  // check cluster and Docker state, so they stand on the whole engine and may start a stack.
  'src/stack': [...floor1, ...engine],
  'src/lessons': [...floor1, ...engine, 'src/stack'],
  // Floor 4: the worker composes everything below; the page sees the engine only through protocol/'s types (the
  // worker's Comlink API and its events).
  'src/worker': [...floor1, ...engine, 'src/stack', 'src/lessons'],
  'src/worker.ts': [...floor1, ...engine, 'src/stack', 'src/lessons', 'src/worker'],
  'src/ui': ['src/protocol'],
  // The dev server's plugins (preview relay, CSP) share only wire formats with the page.
  server: floor1,
};
// Everything an area could reach: the app's own code and the repo's tool folders (tests, benches, scripts, image
// build), none of which the app or the dev server may lean on. The tool folders themselves may import anything.
const reachable = ['src/**', 'server/**', 'test/**', 'bench/**', 'scripts/**', 'image/**'];
const floorZones = Object.entries(mayImport).map(([area, allowed]) => ({
  target: area,
  from: reachable.map((glob) => `${repoRoot}${glob}`),
  except: [area, ...allowed].map((allowedArea) => `${repoRoot}${allowedArea}{,/**}`),
  message: `${area} may import only ${allowed.length ? allowed.join(', ') : 'itself'} (docs/architecture.md#floors).`,
}));

// Code that runs without a DOM: floors 1-3 (in the worker and in plain Node) and the VM worker itself.
const withoutDom = [
  ...[...floor1, ...engine, 'src/stack', 'src/lessons', 'src/worker'].map((folder) => `${folder}/**`),
  'src/worker.ts',
];
// The page's libraries, which need a DOM.
const pageLibraries = ['react', 'react/*', 'react-dom', 'react-dom/*', '@xterm/*', 'monaco-*'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    plugins: { 'import-x': importX },
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
    settings: {
      // Sources import each other as `./file.js` (what runs after the build); the resolver maps that to the `.ts` file
      // so import-x can follow imports (without it, no-cycle and no-restricted-paths silently see nothing).
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'],
          extensionAlias: { '.js': ['.ts', '.tsx', '.js'], '.mjs': ['.mts', '.mjs'] },
        }),
      ],
    },
    rules: {
      // Type-only imports vanish at build time and keep the worker boundary honest.
      '@typescript-eslint/consistent-type-imports': 'error',
      // An `any` needs a reason written beside it (eslint-disable-next-line with a comment).
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A cycle means two files cannot be understood (or loaded) one before the other.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Imports only point down the floors.
      'import-x/no-restricted-paths': ['error', { basePath: repoRoot, zones: floorZones }],
    },
  },
  // Each restriction below is set in exactly one block: flat config does not merge a rule's options, so a second
  // block naming the same rule for a narrower folder would replace these for that folder, not add to them.
  {
    files: withoutDom,
    rules: {
      // tsconfig.engine.json type-checks floors 1-3 without the DOM lib; this catches the worker too, and in the editor.
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'sessionStorage'],
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: pageLibraries, message: 'The page’s libraries need a DOM; this code runs without one.' }],
        },
      ],
    },
  },
);
