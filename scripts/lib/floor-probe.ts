// Throwaway source files written into the repo's own folders, where the floor rules apply (eslint.config.js matches
// files by where they are), for tests that prove a rule fires. Each probe lives in a folder of its own with a unique
// name, so cleaning up removes only what the probe wrote, never a file someone else is editing.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export class FloorProbe {
  private readonly folderName = `floors-probe-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly written = new Set<string>();

  constructor(private readonly repoRoot: string) {}

  /**
   * Where `name` goes in this probe's folder inside `area` (`src/cluster`, `server`, ...). An area that is one file
   * (`src/worker.ts`) is that file itself: lint it with `lintText`, never `write` it.
   */
  path(area: string, name: string): string {
    if (area.endsWith('.ts')) return join(this.repoRoot, area);
    return join(this.repoRoot, area, this.folderName, name);
  }

  /** Writes `source` as `name` inside `area` and returns the file's path. */
  write(area: string, name: string, source: string): string {
    if (area.endsWith('.ts')) throw new Error(`${area} is a real file: a probe must not overwrite it`);
    const file = this.path(area, name);
    mkdirSync(dirname(file), { recursive: true });
    this.written.add(dirname(file));
    writeFileSync(file, source);
    return file;
  }

  /** Removes every folder this probe wrote into. */
  removeAll(): void {
    for (const folder of this.written) rmSync(folder, { recursive: true, force: true });
    this.written.clear();
  }
}

/** How the file at `from` imports the one at `to`, in the repo's style: a relative path ending in `.js`. */
export function importSpecifier(from: string, to: string): string {
  const path = relative(dirname(from), to)
    .split(sep)
    .join('/')
    .replace(/\.tsx?$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
}
