/**
 * NODE ONLY: the command port as `sh -c` in the workspace folder of the grading machine. The lesson's commands run
 * with the grader's rights, so grade lessons you trust.
 */
import { spawn } from 'node:child_process';
import type { CommandPort } from '../ports.js';

export function shellCommandPort(folder: string): CommandPort {
  return {
    run: (script, timeoutMs) =>
      new Promise((resolve, reject) => {
        // Its own process group, so a timeout ends what the script started too.
        const child = spawn('sh', ['-c', script], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
        let output = '';
        child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
        child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
        const timer = setTimeout(() => {
          try {
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          } catch {
            // It ended between the timer firing and the kill.
          }
          reject(new Error(`the command did not finish in ${timeoutMs / 1000} s`));
        }, timeoutMs);
        child.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          resolve({ exitCode: code ?? (signal ? 128 : 1), output });
        });
      }),
  };
}
