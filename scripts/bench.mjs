#!/usr/bin/env node
// `npm run bench [-- --json] [-- --quick] [-- --no-build] [-- name-filter]`: every figure measured in one run.
// Unless --quick or --no-build, the guest image is checked first (and rebuilt when image/ changed): --no-build
// measures the image already built, e.g. while editing image/ sources that are not meant to be measured yet.
import { join } from 'node:path';
import { run } from './lib/run.mjs';
import { ensureNpmDeps } from './lib/npm-deps.mjs';
import { repoRoot } from './lib/paths.mjs';

ensureNpmDeps();
const args = process.argv.slice(2);
if (!args.includes('--quick') && !args.includes('--no-build'))
  run('node', [join(repoRoot, 'scripts', 'build-vm.mjs')], { stdio: ['ignore', 2, 2] });
run(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(repoRoot, 'bench', 'run.ts'), ...args], { cwd: repoRoot });
