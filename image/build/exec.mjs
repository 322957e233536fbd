// Running build tools quietly: their output goes to a log file, shown (its tail) only when they fail.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';

let logFile = '/dev/null';

/** Where tool output goes for the rest of this build. */
export function setLogFile(path) {
  logFile = path;
}

export function currentLogFile() {
  return logFile;
}

function tail(text, lines = 40) {
  return text.split('\n').slice(-lines).join('\n');
}

/** Run a command, logging its output; throw with the command and the end of its output on failure. */
export function exec(cmd, args, options = {}) {
  appendFileSync(logFile, `\n$ ${cmd} ${args.join(' ')}\n`);
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  if (result.error) throw new Error(`cannot run ${cmd}: ${result.error.message}`);
  appendFileSync(logFile, (result.stdout ?? '') + (result.stderr ?? ''));
  if (result.status !== 0) {
    const out = tail(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`${cmd} ${args.slice(0, 6).join(' ')} exited with ${result.status ?? result.signal}\n${out}`);
  }
  return result.stdout;
}

/** exec without blocking the event loop, for stages that run side by side; resolves with stdout. */
export function execAsync(cmd, args, options = {}) {
  appendFileSync(logFile, `\n$ ${cmd} ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let both = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
      both += d;
      appendFileSync(logFile, d);
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      both += d;
      appendFileSync(logFile, d);
    });
    child.on('error', (error) => reject(new Error(`cannot run ${cmd}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${cmd} ${args.slice(0, 6).join(' ')} exited with ${code ?? signal}\n${tail(both)}`));
    });
  });
}

export function readLog() {
  return readFileSync(logFile, 'utf8');
}
