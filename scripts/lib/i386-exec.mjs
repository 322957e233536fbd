// How this build host runs the guest's i386 programs (Debian's package scripts in a chroot, busybox, pip):
// natively, when the kernel executes 32-bit x86 code, or through Debian's qemu-user-static registered with
// binfmt_misc. Hosts of one kind differ here (a kernel with IA32 emulation under a hypervisor that refuses 32-bit user
// code answers "Exec format error"), so the build probes before its first i386 program instead of assuming.
// Go programs crash under qemu-user ("morestack on g0"): the build runs none of the guest's (amd64 tools of the same
// Debian version do that work, image/build/host-tools.mjs), so either path gives the same image.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { ensureAptPackages } from './apt.mjs';

export const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';
/** Our binfmt_misc entry's name (never one of Debian's: a host's own qemu-i386 entry is left as it is). */
export const ENTRY = 'wharf-i386';
export const QEMU = '/usr/bin/qemu-i386-static';
const PROBE_EXIT = 42;

// An i386 ELF executable's first 20 bytes (ET_EXEC or ET_DYN, EM_386) and the bits that matter, as in qemu's own
// binfmt configuration for i386.
const I386_MAGIC = Buffer.from('7f454c4601010100000000000000000002000300', 'hex');
const I386_MASK = Buffer.from('fffffffffffefe00fffffffffffffffffeffffff', 'hex');

/**
 * The smallest static i386 program: `exit(42)` through int 0x80, one loadable segment.
 * @param {{ kernelOnly?: boolean }} options `kernelOnly`: set a byte of e_ident's padding, which the kernel's ELF
 *   loader ignores but every i386 binfmt_misc entry (ours, qemu's, Debian's) requires to be zero, so only the kernel
 *   itself can run it: the host's native ability, seen without touching anyone's entries.
 */
export function probeProgram({ kernelOnly = false } = {}) {
  const code = Buffer.from([0xb8, 1, 0, 0, 0, 0xbb, PROBE_EXIT, 0, 0, 0, 0xcd, 0x80]);
  const base = 0x08048000;
  const header = Buffer.alloc(52 + 32);
  Buffer.from('7f454c46010101', 'hex').copy(header, 0); // ELF, 32-bit, little-endian, version 1
  if (kernelOnly) header[15] = 0x57;
  header.writeUInt16LE(2, 16); // ET_EXEC
  header.writeUInt16LE(3, 18); // EM_386
  header.writeUInt32LE(1, 20);
  header.writeUInt32LE(base + header.length, 24); // entry: the code right after the headers
  header.writeUInt32LE(52, 28); // program headers at 52
  header.writeUInt16LE(52, 40);
  header.writeUInt16LE(32, 42);
  header.writeUInt16LE(1, 44);
  const size = header.length + code.length;
  for (const [i, v] of [1, 0, base, base, size, size, 5, 0x1000].entries()) header.writeUInt32LE(v, 52 + 4 * i);
  return Buffer.concat([header, code]);
}

/** Whether `program` (an i386 ELF written by probeProgram) runs here, by whatever means the kernel has. */
export function runsProbe(program) {
  const r = spawnSync(program, [], { stdio: 'ignore' });
  return r.status === PROBE_EXIT;
}

/** binfmt_misc's entry text as fields (`enabled`, `interpreter`, `flags`, `offset`, `magic`, `mask`). */
export function parseEntry(text) {
  const fields = { enabled: false };
  for (const line of text.split('\n')) {
    if (line === 'enabled') fields.enabled = true;
    const m = line.match(/^(interpreter|flags:|offset|magic|mask) ?(.*)$/);
    if (m) fields[m[1].replace(':', '')] = m[2].trim();
  }
  return fields;
}

/** Whether an entry (parsed) claims an i386 program: the kernel's test, (header ^ magic) & mask == 0. */
export function claimsI386(entry, header = probeProgram()) {
  if (!entry.enabled || !entry.magic) return false;
  const magic = Buffer.from(entry.magic, 'hex');
  const mask = entry.mask ? Buffer.from(entry.mask, 'hex') : Buffer.alloc(magic.length, 0xff);
  const offset = Number(entry.offset ?? 0);
  for (let i = 0; i < magic.length; i++) if ((header[offset + i] ^ magic[i]) & mask[i]) return false;
  return true;
}

function binfmtMounted() {
  return existsSync(join(BINFMT_DIR, 'register'));
}

/** Mount binfmt_misc if the kernel has it and it is not mounted yet (systemd does this; containers often do not). */
function mountBinfmt() {
  if (binfmtMounted()) return true;
  spawnSync('modprobe', ['binfmt_misc'], { stdio: 'ignore' });
  spawnSync('mount', ['-t', 'binfmt_misc', 'binfmt_misc', BINFMT_DIR], { stdio: 'ignore' });
  return binfmtMounted();
}

/** The enabled entries (other than ours) that hand i386 programs to an interpreter, as "name (interpreter)". */
function otherI386Entries() {
  if (!binfmtMounted()) return [];
  return readdirSync(BINFMT_DIR)
    .filter((name) => name !== 'register' && name !== 'status' && name !== ENTRY)
    .map((name) => ({ name, entry: parseEntry(readFileSync(join(BINFMT_DIR, name), 'utf8')) }))
    .filter(({ entry }) => claimsI386(entry))
    .map(({ name, entry }) => `${name} (${entry.interpreter})`);
}

const ourEntry = join(BINFMT_DIR, ENTRY);
const setOurs = (value) => writeFileSync(ourEntry, value);

/** The registration line: flags F (the interpreter is opened now, so it works inside chroots) and P (argv[0] kept). */
export function registration() {
  const escape = (buf) => [...buf].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
  return `:${ENTRY}:M::${escape(I386_MAGIC)}:${escape(I386_MASK)}:${QEMU}:FP`;
}

/**
 * Make sure this host runs i386 programs before the build's first one, and say how in one line.
 * @param {{ workDir: string, emulate?: boolean }} options `emulate`: use qemu-user even where the kernel runs i386
 *   code itself (WHARF_BUILD_EMULATE=1; binfmt_misc entries are matched before the kernel's own ELF loader)
 * @returns {{ path: 'native' | 'emulated', how: string, release: () => void }} `release` removes our entry where it
 *   only forced emulation on a host that needs none (a host that needs it keeps it for the next build)
 */
export function ensureI386({ workDir, emulate = process.env.WHARF_BUILD_EMULATE === '1' }) {
  mkdirSync(workDir, { recursive: true });
  const write = (name, program) => {
    const path = join(workDir, `${name}-${process.pid}`);
    writeFileSync(path, program);
    chmodSync(path, 0o755);
    return path;
  };
  const probe = write('i386-probe', probeProgram());
  const kernelProbe = write('i386-kernel-probe', probeProgram({ kernelOnly: true }));
  const nothing = () => {};
  const removeOurs = () => {
    try {
      if (existsSync(ourEntry)) setOurs('-1');
    } catch {
      // Not ours to remove (not root): it only makes i386 programs slower, the build still works.
    }
  };
  try {
    const native = runsProbe(kernelProbe);
    if (native && !emulate) {
      removeOurs(); // left by a forced build that died before its release
      const others = otherI386Entries();
      return others.length > 0
        ? { path: 'emulated', how: `emulated by the host's binfmt_misc entry ${others[0]}`, release: nothing }
        : { path: 'native', how: 'run natively by this kernel', release: nothing };
    }
    const why = emulate ? 'WHARF_BUILD_EMULATE=1' : 'this kernel does not run 32-bit x86 code';
    const how = `emulated by ${QEMU} (binfmt_misc entry ${ENTRY}; ${why})`;
    const release = native ? removeOurs : nothing;
    if (binfmtMounted() && existsSync(ourEntry)) {
      if (!parseEntry(readFileSync(ourEntry, 'utf8')).enabled) setOurs('1');
      if (runsProbe(probe)) return { path: 'emulated', how, release };
      setOurs('-1');
    }
    registerQemu(why);
    if (!runsProbe(probe)) {
      setOurs('-1');
      throw new Error(
        `registered ${QEMU} for i386 programs with binfmt_misc, but an i386 test program still does not run; ` +
          `look at ${ourEntry} and dmesg`,
      );
    }
    return { path: 'emulated', how, release };
  } finally {
    rmSync(probe, { force: true });
    rmSync(kernelProbe, { force: true });
  }
}

/**
 * Why qemu-user cannot be set up on this host, as the error the build stops with, or null when it can.
 * @param {{ why: string, isRoot: boolean, binfmt: boolean }} host `why`: why emulation is wanted at all
 */
export function emulationBlocker({ why, isRoot, binfmt }) {
  const intro = `The guest image is built from Debian's i386 packages, whose install scripts run at build time, and ${why}`;
  if (!isRoot)
    return (
      `${intro}. Emulating i386 with qemu-user-static through binfmt_misc needs root: run the build as root ` +
      `(sudo npm start), or on a host whose kernel runs 32-bit x86 programs (CONFIG_IA32_EMULATION).`
    );
  if (!binfmt)
    return (
      `${intro}, and binfmt_misc is not available to emulate it (no ${BINFMT_DIR}/register after ` +
      `\`modprobe binfmt_misc\` and \`mount -t binfmt_misc binfmt_misc ${BINFMT_DIR}\`). Use a kernel with ` +
      `CONFIG_BINFMT_MISC (in a container: register qemu-i386 on the host, or run the container --privileged), ` +
      `or one that runs 32-bit x86 programs (CONFIG_IA32_EMULATION).`
    );
  return null;
}

function registerQemu(why) {
  const isRoot = process.getuid?.() === 0;
  const blocker = emulationBlocker({ why, isRoot, binfmt: isRoot && mountBinfmt() });
  if (blocker) throw new Error(blocker);
  ensureAptPackages(['qemu-user-static']);
  try {
    writeFileSync(join(BINFMT_DIR, 'register'), registration());
  } catch (error) {
    // Another build may have registered it a moment ago.
    if (existsSync(ourEntry)) return;
    throw new Error(
      `This host does not run i386 programs (${why}); registering ${QEMU} with binfmt_misc failed ` +
        `(${error.message}). In a container, binfmt_misc belongs to the host: register qemu-i386 there, or run the ` +
        `container --privileged.`,
      { cause: error },
    );
  }
}
