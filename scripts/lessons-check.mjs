#!/usr/bin/env node
// `npm run lessons:check`: scripts/lessons-check.ts (its options and output are described there), after installing
// the npm dependencies on a fresh clone.
import { runTsxScript } from './lib/tsx-script.mjs';

runTsxScript('lessons-check.ts');
