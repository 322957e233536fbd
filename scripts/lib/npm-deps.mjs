// `npm ci` when node_modules is missing or older than the lock file, so `npm start`/`npm test` work on a fresh clone.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.mjs';
import { repoRoot } from './paths.mjs';

export function ensureNpmDeps() {
  const marker = join(repoRoot, 'node_modules', '.package-lock.json');
  const lock = join(repoRoot, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot });
}
