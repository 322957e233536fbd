// Booting a build in qemu (Debian's qemu-system-i386): the provisioning boot, and quick local checks. KVM when
// /dev/kvm is usable, else TCG. The machine mirrors v86's: IDE disk (/dev/sda), virtio-net on 192.168.86.0/24 with
// the host at .1 (qemu's user network forwards the guest's connections to 192.168.86.1 to this machine's loopback),
// serial console on ttyS0. Nested KVM can be present yet unable to run this guest (seen: "KVM internal error" on
// the first instructions inside a cloud VM): bootQemu then retries with TCG.
import { spawn } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';
import { closeSync, openSync, constants } from 'node:fs';

export function kvmUsable() {
  try {
    closeSync(openSync('/dev/kvm', constants.O_RDWR));
    return true;
  } catch {
    return false;
  }
}

/**
 * Boot the kernel + initrd + disk; resolves with the serial output when qemu exits (the guest ends with `reboot -f`
 * under -no-reboot). Rejects on timeout.
 * @param {{ bzImage: string, initrd: string, disk: string, cmdline: string, extraDisk?: string,
 *   memoryMB?: number, timeoutMs?: number, onLine?: (line: string) => void }} options
 */
export async function bootQemu(options) {
  const forced = process.env.WHARF_QEMU_ACCEL;
  if (forced !== 'tcg' && (forced === 'kvm' || kvmUsable())) {
    const result = await runQemu({ ...options, kvm: true });
    if (!/KVM internal error|failed to set MSR|kvm_.*Assertion/.test(result.output)) return result;
    console.log('   KVM cannot run this guest here; using TCG (slower)');
  }
  return runQemu({ ...options, kvm: false });
}

/** qemu-system-i386 arguments for one boot of a build (the serial console on stdio). */
export function qemuArgs({ bzImage, initrd, disk, cmdline, extraDisk, kvm, memoryMB = 1024, hostForwards = [] }) {
  const forwards = hostForwards.map(([host, guest]) => `,hostfwd=tcp:127.0.0.1:${host}-:${guest}`).join('');
  return [
    '-machine',
    'pc',
    ...(kvm ? ['-accel', 'kvm', '-cpu', 'kvm32'] : ['-accel', 'tcg', '-cpu', 'qemu32,+popcnt']),
    '-m',
    String(memoryMB),
    '-smp',
    '1',
    '-kernel',
    bzImage,
    '-initrd',
    initrd,
    '-append',
    cmdline,
    '-drive',
    `file=${disk},format=raw,if=ide,index=0,cache=unsafe,discard=unmap`,
    ...(extraDisk ? ['-drive', `file=${extraDisk},format=raw,if=ide,index=1,snapshot=on`] : []),
    '-netdev',
    `user,id=n0,net=192.168.86.0/24,host=192.168.86.1,dhcpstart=192.168.86.100${forwards}`,
    '-device',
    'virtio-net-pci,netdev=n0',
    '-display',
    'none',
    '-monitor',
    'none',
    '-serial',
    'stdio',
    '-no-reboot',
  ];
}

function runQemu({ timeoutMs = 30 * 60_000, onLine, ...options }) {
  const { kvm } = options;
  const args = qemuArgs(options);
  return new Promise((resolve, reject) => {
    const child = spawn('qemu-system-i386', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let partial = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`qemu did not finish within ${timeoutMs / 1000} s\n${output.split('\n').slice(-30).join('\n')}`),
      );
    }, timeoutMs);
    const onData = (chunk) => {
      const text = chunk.toString('utf8');
      output += text;
      // A KVM failure pauses the machine instead of ending qemu: stop it so the caller can retry with TCG.
      if (kvm && /KVM internal error/.test(text)) child.kill('SIGKILL');
      const lines = (partial + text).split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const line of lines) onLine?.(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start qemu-system-i386: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (partial) onLine?.(partial);
      resolve({ output, code, signal, kvm });
    });
  });
}
