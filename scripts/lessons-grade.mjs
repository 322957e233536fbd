#!/usr/bin/env node
// `npm run lessons:grade -- [options] <lesson>`: scripts/lessons-grade.ts (its options, output and exit codes are
// described there), after installing the npm dependencies on a fresh clone. No VM: grading reads a cluster through a
// kubeconfig and a Docker Engine through its socket.
import { runTsxScript } from './lib/tsx-script.mjs';

runTsxScript('lessons-grade.ts');
