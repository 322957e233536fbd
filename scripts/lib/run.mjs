// Small process helpers shared by the set-up, test and bench scripts (plain Node: they run before npm install).
import { spawnSync } from 'node:child_process';

/** Run a command with inherited stdio; throw with its exit code on failure. */
export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const error = new Error(`${cmd} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
    error.exitCode = result.status ?? 1;
    throw error;
  }
  return result;
}

/** Run a command, capture stdout as text; null when it fails. */
export function capture(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  return result.status === 0 ? result.stdout : null;
}

export function step(title) {
  console.log(`\n\x1b[1m== ${title}\x1b[0m`);
}
