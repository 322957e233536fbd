// The npm-script launchers of the TypeScript tools (lessons:check, lessons:test, lessons:pack, lessons:grade): on a
// fresh clone the npm dependencies (tsx among them) are not there yet, so a plain Node launcher installs them first.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureNpmDeps } from './npm-deps.mjs';
import { repoRoot } from './paths.mjs';

/**
 * Install what is missing, then run `scripts/<script>` with tsx and exit with its status. Paths on the command line
 * are the caller's: npm sets INIT_CWD to the folder it was run from; run directly, that is our own cwd.
 */
export function runTsxScript(script, before = () => {}) {
  ensureNpmDeps();
  before();
  const result = spawnSync(
    join(repoRoot, 'node_modules', '.bin', 'tsx'),
    [join(repoRoot, 'scripts', script), ...process.argv.slice(2)],
    { stdio: 'inherit', cwd: repoRoot, env: { ...process.env, INIT_CWD: process.env.INIT_CWD ?? process.cwd() } },
  );
  process.exit(result.status ?? 1);
}
