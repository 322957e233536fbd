#!/usr/bin/env node
// `npm run bench [-- --json] [-- --quick] [-- name-filter]`: every figure measured in one run.
import { join } from 'node:path';
import { run } from './lib/run.mjs';
import { ensureNpmDeps } from './lib/npm-deps.mjs';
import { repoRoot } from './lib/paths.mjs';

ensureNpmDeps();
const args = process.argv.slice(2);
if (!args.includes('--quick')) run('node', [join(repoRoot, 'scripts', 'build-vm.mjs')], { stdio: ['ignore', 2, 2] });
run(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'bench', 'run.ts'), ...args], { cwd: repoRoot });
