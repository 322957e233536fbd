// Both ways the image build can run the guest's i386 programs, tried for real on this machine (as root, like the
// build): the host's own way, and emulation forced with WHARF_BUILD_EMULATE's option, which works on every host
// because binfmt_misc entries are matched before the kernel's own ELF loader. A host that runs i386 code natively
// proves both paths here; one that cannot proves the emulated one (and the image build takes it).
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BINFMT_DIR,
  ENTRY,
  claimsI386,
  ensureI386,
  parseEntry,
  probeProgram,
  runsProbe,
} from '../../scripts/lib/i386-exec.mjs';

const workDir = mkdtempSync(join(tmpdir(), 'wharf-i386-paths-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function probeRuns(): boolean {
  const probe = join(workDir, 'probe');
  writeFileSync(probe, probeProgram());
  chmodSync(probe, 0o755);
  return runsProbe(probe);
}

const ourEntry = () =>
  existsSync(join(BINFMT_DIR, ENTRY)) ? parseEntry(readFileSync(join(BINFMT_DIR, ENTRY), 'utf8')) : null;

describe('how the image build runs i386 programs', () => {
  it('the host’s own way runs them, and names the path', () => {
    const how = ensureI386({ workDir, emulate: false });
    console.log(`i386 programs on this host: ${how.how}`);
    expect(['native', 'emulated']).toContain(how.path);
    expect(probeRuns()).toBe(true);
    if (how.path === 'native') expect(ourEntry()).toBeNull();
    else expect(how.how).toMatch(/emulated by /);
    how.release();
  });

  it('forced emulation runs them through qemu-i386-static, and its release leaves the host as it was', () => {
    const nativeBefore = ensureI386({ workDir, emulate: false }).path === 'native';
    const forced = ensureI386({ workDir, emulate: true });
    try {
      expect(forced.path).toBe('emulated');
      const entry = ourEntry();
      expect(entry).not.toBeNull();
      expect(entry!.interpreter).toBe('/usr/bin/qemu-i386-static');
      expect(entry!.flags).toContain('F');
      expect(claimsI386(entry!)).toBe(true);
      expect(probeRuns()).toBe(true);
    } finally {
      forced.release();
    }
    // A host that needs no emulation gets its native path back; one that does keeps the entry for the next build.
    if (nativeBefore) {
      expect(ourEntry()).toBeNull();
      expect(ensureI386({ workDir, emulate: false }).path).toBe('native');
    } else expect(ourEntry()?.enabled).toBe(true);
    expect(probeRuns()).toBe(true);
  });
});
