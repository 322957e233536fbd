import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IN_USE_DIR, markInUse } from './in-use-marker.js';

// The other half of the contract: the image build's pruning (plain JS, loaded by URL so tsc does not need types).
interface OutputModule {
  pruneBuilds(vmDir: string, keepHash: string): void;
}
const output = (await import(new URL('../../image/build/output.mjs', import.meta.url).href)) as OutputModule;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A vm cache with three complete builds, oldest first; returns their folder names. */
function vmCache(): { vmDir: string; builds: string[] } {
  const vmDir = mkdtempSync(join(tmpdir(), 'wharf-prune-'));
  dirs.push(vmDir);
  const builds = ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccc'];
  builds.forEach((b, i) => {
    mkdirSync(join(vmDir, b));
    writeFileSync(join(vmDir, b, 'manifest.json'), '{}');
    const t = new Date(Date.UTC(2026, 0, 1 + i));
    utimesSync(join(vmDir, b), t, t);
  });
  return { vmDir, builds };
}

describe('in-use marker and pruneBuilds', () => {
  it('prunes the oldest build when nothing uses it', () => {
    const { vmDir, builds } = vmCache();
    output.pruneBuilds(vmDir, builds[2]!);
    expect(readdirSync(vmDir).sort()).toEqual([builds[1], builds[2]]);
  });

  it('keeps a build a VM of this process holds, and prunes it once released', () => {
    const { vmDir, builds } = vmCache();
    const oldest = join(vmDir, builds[0]!);
    const release = markInUse(oldest);
    const second = markInUse(oldest); // two VMs on the same build
    expect(readdirSync(join(oldest, IN_USE_DIR))).toEqual([String(process.pid)]);
    expect(statSync(oldest).mtime.getTime()).toBe(Date.UTC(2026, 0, 1)); // still ranked the oldest
    output.pruneBuilds(vmDir, builds[2]!);
    expect(existsSync(oldest)).toBe(true);
    release();
    release(); // idempotent: must not drop the second VM's hold
    output.pruneBuilds(vmDir, builds[2]!);
    expect(existsSync(oldest)).toBe(true);
    second();
    expect(readdirSync(join(oldest, IN_USE_DIR))).toEqual([]);
    output.pruneBuilds(vmDir, builds[2]!);
    expect(existsSync(oldest)).toBe(false);
  });

  it('ignores the marker of a process that is gone', () => {
    const { vmDir, builds } = vmCache();
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid;
    mkdirSync(join(vmDir, builds[0]!, IN_USE_DIR));
    writeFileSync(join(vmDir, builds[0]!, IN_USE_DIR, String(dead)), '');
    const t = new Date(Date.UTC(2026, 0, 1));
    utimesSync(join(vmDir, builds[0]!), t, t); // still the oldest
    output.pruneBuilds(vmDir, builds[2]!);
    expect(existsSync(join(vmDir, builds[0]!))).toBe(false);
  });

  it('protects nothing (and does not throw) when the build folder is missing', () => {
    const missing = join(tmpdir(), `wharf-no-such-build-${process.pid}`);
    const release = markInUse(missing);
    expect(existsSync(missing)).toBe(false);
    expect(release).not.toThrow();
  });
});
