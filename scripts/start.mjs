#!/usr/bin/env node
// `npm start`: install what is missing, build the guest image if absent, serve the app and print its URL.
import { join } from 'node:path';
import { run, step } from './lib/run.mjs';
import { ensureNpmDeps } from './lib/npm-deps.mjs';
import { repoRoot } from './lib/paths.mjs';

step('dependencies');
ensureNpmDeps();
step('guest image (cached; rebuilt only when its inputs change)');
run('node', [join(repoRoot, 'scripts', 'build-vm.mjs')]);
step('serving Wharf');
run('npx', ['vite', '--host', '127.0.0.1', '--port', process.env.PORT ?? '5173', '--strictPort'], { cwd: repoRoot });
