// Stage: the kernel side. The bzImage comes from Debian's linux-image-686; unused modules are removed (the list is
// image/kernel-modules.txt) and a tiny busybox initramfs is made that loads the few modules needed to mount /dev/sda.
import { copyFileSync, chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exec } from './exec.mjs';

/** The single kernel version installed in the root filesystem. */
export function kernelVersion(rootfs) {
  const versions = readdirSync(join(rootfs, 'lib/modules'));
  if (versions.length !== 1)
    throw new Error(`expected one kernel in the root filesystem, found: ${versions.join(', ')}`);
  return versions[0];
}

/** modules.dep as a map: module path (relative to the version folder) -> its dependencies. */
function readModulesDep(moduleDir) {
  const deps = new Map();
  for (const line of readFileSync(join(moduleDir, 'modules.dep'), 'utf8').split('\n')) {
    const [mod, rest] = line.split(':');
    if (mod) deps.set(mod, rest.trim() ? rest.trim().split(/\s+/) : []);
  }
  return deps;
}

function readKeepList(file) {
  const rules = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
  const keep = rules.filter((r) => !r.startsWith('!')).map((r) => `kernel/${r}`);
  const drop = rules.filter((r) => r.startsWith('!')).map((r) => `kernel/${r.slice(1)}`);
  return (mod) =>
    keep.some((k) => mod === k || (k.endsWith('/') && mod.startsWith(k))) && !drop.some((d) => mod.startsWith(d));
}

/** Remove every module not on the keep list (or needed by one that is), then rebuild the module index. */
export function trimModules(rootfs, keepListFile) {
  const version = kernelVersion(rootfs);
  const moduleDir = join(rootfs, 'lib/modules', version);
  const deps = readModulesDep(moduleDir);
  const wanted = readKeepList(keepListFile);
  const keep = new Set();
  const add = (mod) => {
    if (keep.has(mod)) return;
    keep.add(mod);
    for (const dep of deps.get(mod) ?? []) add(dep);
  };
  for (const mod of deps.keys()) if (wanted(mod)) add(mod);
  let removed = 0;
  for (const mod of deps.keys()) {
    if (!keep.has(mod)) {
      rmSync(join(moduleDir, mod));
      removed++;
    }
  }
  exec('find', [join(moduleDir, 'kernel'), '-type', 'd', '-empty', '-delete']);
  exec('depmod', ['-b', rootfs, version]);
  console.log(`   kept ${keep.size} kernel modules, removed ${removed}`);
}

/** Copy the kernel image out of /boot (the disk does not need it: v86 and qemu load it directly). */
export function extractKernel(rootfs, outFile) {
  const version = kernelVersion(rootfs);
  copyFileSync(join(rootfs, 'boot', `vmlinuz-${version}`), outFile);
  return version;
}

/** Build the busybox initramfs (gzip cpio) with the modules of image/initramfs/modules.txt and their dependencies. */
export function buildInitramfs({ rootfs, initramfsSrc, workDir, outFile }) {
  const version = kernelVersion(rootfs);
  const moduleDir = join(rootfs, 'lib/modules', version);
  const deps = readModulesDep(moduleDir);
  const byName = new Map([...deps.keys()].map((m) => [m.split('/').pop().replace(/\.ko$/, '').replace(/-/g, '_'), m]));
  const order = [];
  const visit = (mod) => {
    if (order.includes(mod)) return;
    for (const dep of deps.get(mod) ?? []) visit(dep);
    order.push(mod);
  };
  const wanted = readFileSync(join(initramfsSrc, 'modules.txt'), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
  for (const name of wanted) {
    const mod = byName.get(name.replace(/-/g, '_'));
    if (mod) visit(mod);
    else console.log(`   initramfs: ${name} is built into the kernel (no module)`);
  }

  rmSync(workDir, { recursive: true, force: true });
  for (const d of ['bin', 'dev', 'proc', 'sys', 'newroot', 'lib/modules'])
    mkdirSync(join(workDir, d), { recursive: true });
  copyFileSync(join(rootfs, 'bin/busybox'), join(workDir, 'bin/busybox'));
  chmodSync(join(workDir, 'bin/busybox'), 0o755);
  for (const mod of order) {
    mkdirSync(dirname(join(workDir, 'lib/modules', mod)), { recursive: true });
    copyFileSync(join(moduleDir, mod), join(workDir, 'lib/modules', mod));
  }
  writeFileSync(join(workDir, 'modules.list'), order.join('\n') + '\n');
  copyFileSync(join(initramfsSrc, 'init'), join(workDir, 'init'));
  chmodSync(join(workDir, 'init'), 0o755);
  // The kernel needs /dev/console before init runs to give it stdin/stdout.
  exec('mknod', ['-m', '600', join(workDir, 'dev/console'), 'c', '5', '1']);
  exec('sh', ['-c', `cd "${workDir}" && find . | sort | cpio -o -H newc --quiet -R 0:0 | gzip -9n > "${outFile}"`]);
  console.log(`   initramfs: ${order.length} modules`);
}
