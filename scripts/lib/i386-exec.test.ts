import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimsI386, emulationBlocker, parseEntry, probeProgram, registration, runsProbe } from './i386-exec.mjs';

const dir = mkdtempSync(join(tmpdir(), 'wharf-i386-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** binfmt_misc's text for an entry, as the kernel prints it. */
const entryText = (magic: string, mask: string, enabled = true) =>
  `${enabled ? 'enabled' : 'disabled'}\ninterpreter /usr/bin/qemu-x-static\nflags: PF\noffset 0\nmagic ${magic}\nmask ${mask}\n`;

describe('the i386 probe program', () => {
  it('is a static 32-bit x86 ELF executable whose one segment holds its code', () => {
    const elf = probeProgram();
    expect(elf.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(elf[4]).toBe(1); // ELFCLASS32
    expect(elf.readUInt16LE(16)).toBe(2); // ET_EXEC
    expect(elf.readUInt16LE(18)).toBe(3); // EM_386
    const entry = elf.readUInt32LE(24);
    const vaddr = elf.readUInt32LE(52 + 8);
    const fileSize = elf.readUInt32LE(52 + 16);
    expect(fileSize).toBe(elf.length);
    expect(entry - vaddr).toBe(84); // the code right after the ELF and program headers
    expect(elf.subarray(84)).toEqual(Buffer.from([0xb8, 1, 0, 0, 0, 0xbb, 42, 0, 0, 0, 0xcd, 0x80]));
  });
});

describe('runsProbe', () => {
  it('counts only the probe’s own exit status (42) as running', () => {
    const script = (name: string, body: string) => {
      const path = join(dir, name);
      writeFileSync(path, `#!/bin/sh\n${body}\n`);
      chmodSync(path, 0o755);
      return path;
    };
    expect(runsProbe(script('exits-42', 'exit 42'))).toBe(true);
    expect(runsProbe(script('exits-0', 'exit 0'))).toBe(false);
    expect(runsProbe(join(dir, 'missing'))).toBe(false);
  });
});

describe('binfmt_misc entries', () => {
  const ours = registration().split(':');
  /** The registration's `\\xNN` escapes as the plain hex the kernel prints back. */
  const hex = (escaped: string) => escaped.replace(/\\x/g, '');

  it('registers qemu-i386-static for i386 ELF programs with flags F and P under our own name', () => {
    expect(ours[1]).toBe('wharf-i386');
    expect(ours[2]).toBe('M');
    expect(ours[6]).toBe('/usr/bin/qemu-i386-static');
    expect(ours[7]).toBe('FP');
  });

  it('recognises an entry that claims i386 programs, as the kernel matches it', () => {
    const text = entryText(hex(ours[4]), hex(ours[5]));
    const entry = parseEntry(text);
    expect(entry).toMatchObject({ enabled: true, interpreter: '/usr/bin/qemu-x-static', flags: 'PF', offset: '0' });
    expect(claimsI386(entry)).toBe(true);
    expect(claimsI386(parseEntry(entryText(hex(ours[4]), hex(ours[5]), false)))).toBe(false);
  });

  it('leaves the kernel-only probe to the kernel: it differs in e_ident padding, which every entry requires zero', () => {
    const entry = parseEntry(entryText(hex(ours[4]), hex(ours[5])));
    const kernelOnly = probeProgram({ kernelOnly: true });
    expect(claimsI386(entry, kernelOnly)).toBe(false);
    const differing = [...kernelOnly].flatMap((b, i) => (b === probeProgram()[i] ? [] : [i]));
    expect(differing).toEqual([15]); // EI_PAD: ignored by the kernel's ELF loader
  });

  it('does not take an aarch64 entry or an x86-64 one for i386', () => {
    const aarch64 = entryText('7f454c460201010000000000000000000200b700', 'ffffffffffffff00fffffffffffffffffeffffff');
    const x8664 = entryText('7f454c4602010100000000000000000002003e00', 'fffffffffffefe00fffffffffffffffffeffffff');
    expect(claimsI386(parseEntry(aarch64))).toBe(false);
    expect(claimsI386(parseEntry(x8664))).toBe(false);
  });
});

describe('a host that can neither run nor emulate i386 programs', () => {
  const why = 'this kernel does not run 32-bit x86 code';

  it('is told that emulation needs root, and the two ways out', () => {
    const error = emulationBlocker({ why, isRoot: false, binfmt: true });
    expect(error).toMatch(/does not run 32-bit x86 code/);
    expect(error).toMatch(/needs root: run the build as root \(sudo npm start\)/);
    expect(error).toMatch(/CONFIG_IA32_EMULATION/);
  });

  it('is told that binfmt_misc is missing and how to get it', () => {
    const error = emulationBlocker({ why, isRoot: true, binfmt: false });
    expect(error).toMatch(/binfmt_misc is not available/);
    expect(error).toMatch(/modprobe binfmt_misc/);
    expect(error).toMatch(/CONFIG_BINFMT_MISC/);
  });

  it('goes on when it is root with binfmt_misc', () => {
    expect(emulationBlocker({ why, isRoot: true, binfmt: true })).toBeNull();
  });
});
