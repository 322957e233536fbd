#!/usr/bin/env node
// `npm run lessons:pack`: scripts/lessons-pack.ts (its options and output are described there), after installing the
// npm dependencies on a fresh clone.
import { runTsxScript } from './lib/tsx-script.mjs';

runTsxScript('lessons-pack.ts');
