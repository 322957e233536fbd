#!/usr/bin/env node
// `npm run lessons:test [-- slug...]`: scripts/lessons-test.ts (its options and output are described there), after
// installing the npm dependencies and building (or reusing) the guest image on a fresh clone.
import { join } from 'node:path';
import { runTsxScript } from './lib/tsx-script.mjs';
import { repoRoot } from './lib/paths.mjs';
import { run } from './lib/run.mjs';

runTsxScript('lessons-test.ts', () =>
  run('node', [join(repoRoot, 'scripts', 'build-vm.mjs')], { stdio: ['ignore', 2, 2] }),
);
