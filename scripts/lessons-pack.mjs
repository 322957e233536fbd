#!/usr/bin/env node
// `npm run lessons:pack`: installs the npm dependencies on a fresh clone, then runs scripts/lessons-pack.ts with tsx
// (its options and output are described there).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureNpmDeps } from './lib/npm-deps.mjs';
import { repoRoot } from './lib/paths.mjs';

ensureNpmDeps();
const result = spawnSync(
  join(repoRoot, 'node_modules', '.bin', 'tsx'),
  [join(repoRoot, 'scripts', 'lessons-pack.ts'), ...process.argv.slice(2)],
  // Paths on the command line are the caller's: npm sets INIT_CWD to it; run directly, it is our own cwd.
  { stdio: 'inherit', cwd: repoRoot, env: { ...process.env, INIT_CWD: process.env.INIT_CWD ?? process.cwd() } },
);
process.exit(result.status ?? 1);
