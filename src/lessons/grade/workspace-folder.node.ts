/** NODE ONLY: the workspace port on a folder of the grading machine (the learner's project, handed in). */
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { WorkspacePort } from '../ports.js';

export function workspaceFolderPort(folder: string): WorkspacePort {
  const root = resolve(folder);
  return {
    async readFile(path) {
      const full = resolve(root, path.replace(/^\/+/, ''));
      const inside = relative(root, full);
      // A check reads the learner's project, never the grader's other files.
      if (inside === '..' || inside.startsWith(`..${sep}`))
        throw new Error(`the path ${path} leads out of the workspace ${root}`);
      try {
        return await readFile(full, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
        throw error;
      }
    },
    // Grading reads once: nothing to be told about.
    onChange: () => ({ dispose() {} }),
  };
}
