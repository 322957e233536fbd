#!/usr/bin/env node
// `npm run lessons:test [-- slug...]`: installs the npm dependencies and builds (or reuses) the guest image on a fresh
// clone, then runs scripts/lessons-test.ts with tsx (its options and output are described there).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureNpmDeps } from './lib/npm-deps.mjs';
import { repoRoot } from './lib/paths.mjs';
import { run } from './lib/run.mjs';

ensureNpmDeps();
run('node', [join(repoRoot, 'scripts', 'build-vm.mjs')], { stdio: ['ignore', 2, 2] });
const result = spawnSync(
  join(repoRoot, 'node_modules', '.bin', 'tsx'),
  [join(repoRoot, 'scripts', 'lessons-test.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: repoRoot, env: { ...process.env, INIT_CWD: process.env.INIT_CWD ?? process.cwd() } },
);
process.exit(result.status ?? 1);
