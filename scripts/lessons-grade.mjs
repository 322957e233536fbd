#!/usr/bin/env node
// `npm run lessons:grade -- [options] <lesson>`: installs the npm dependencies on a fresh clone, then runs
// scripts/lessons-grade.ts with tsx (its options, output and exit codes are described there). No VM: grading reads a
// cluster through a kubeconfig and a Docker Engine through its socket.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureNpmDeps } from './lib/npm-deps.mjs';
import { repoRoot } from './lib/paths.mjs';

ensureNpmDeps();
const result = spawnSync(
  join(repoRoot, 'node_modules', '.bin', 'tsx'),
  [join(repoRoot, 'scripts', 'lessons-grade.ts'), ...process.argv.slice(2)],
  // Paths on the command line (and the default workspace) are the caller's: npm sets INIT_CWD to its folder.
  { stdio: 'inherit', cwd: repoRoot, env: { ...process.env, INIT_CWD: process.env.INIT_CWD ?? process.cwd() } },
);
process.exit(result.status ?? 1);
