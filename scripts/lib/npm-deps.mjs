// Install from the lock file when node_modules is missing or older than it, so `npm start`/`npm test` work on a fresh
// clone. `npm install` rather than `npm ci`: npm 11.19's `ci` rejects this lock (it wants entries for
// unrs-resolver's optional bindings of other platforms, which `npm install` itself never writes); `install` still
// installs the locked versions.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.mjs';
import { repoRoot } from './paths.mjs';

export function ensureNpmDeps() {
  const marker = join(repoRoot, 'node_modules', '.package-lock.json');
  const lock = join(repoRoot, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  run('npm', ['install', '--no-audit', '--no-fund'], { cwd: repoRoot });
}
