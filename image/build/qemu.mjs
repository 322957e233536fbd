// Booting a build in qemu (Debian's qemu-system-i386) for quick local checks (image/build/try-qemu.mjs; the build
// itself no longer boots the guest). The machine mirrors v86's: IDE disk (/dev/sda), virtio-net on 192.168.86.0/24
// with the host at .1 (qemu's user network forwards the guest's connections to 192.168.86.1 to this machine's
// loopback), serial console on ttyS0. KVM only when asked (WHARF_QEMU_ACCEL=kvm): nested KVM can be present yet
// unable to run this guest (seen: "KVM internal error" on the first instructions inside a cloud VM).

/** qemu-system-i386 arguments for one boot of a build (the serial console on stdio). */
export function qemuArgs({ bzImage, initrd, disk, cmdline, kvm, memoryMB = 1024, hostForwards = [] }) {
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
