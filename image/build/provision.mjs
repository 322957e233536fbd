// Stage: the provisioning boot. The same kernel, initrd and disk boot once in qemu with `wharf.provision`: PID 1
// starts Docker, image/rootfs/usr/local/sbin/wharf-provision loads the curated images (the docker-save tarball
// attached raw as a second disk) into Docker's store, checks the tools, stops the daemons and syncs. Docker's first
// start (network db, store layout) therefore happens here, fast, and not in v86.
import { writeFileSync } from 'node:fs';
import { bootQemu } from './qemu.mjs';

export async function provision({ bzImage, initrd, disk, cmdline, preloadTar, logFile }) {
  const t0 = Date.now();
  const result = await bootQemu({
    bzImage,
    initrd,
    disk,
    cmdline: `${cmdline} wharf.provision`,
    extraDisk: preloadTar,
    onLine: (line) => {
      if (/wharf-(provision|init)|Loaded image|^docker |Client Version|trimmed|panic|FAILED/i.test(line))
        console.log(`   | ${line}`);
    },
  });
  writeFileSync(logFile, result.output);
  const ok = /wharf-provision: OK/.test(result.output);
  if (!ok) {
    const tail = result.output.split('\n').slice(-40).join('\n');
    throw new Error(
      `the provisioning boot did not report OK (qemu exit ${result.code ?? result.signal}; serial log ${logFile})\n${tail}`,
    );
  }
  console.log(`   provisioned in ${((Date.now() - t0) / 1000).toFixed(1)} s (${result.kvm ? 'KVM' : 'TCG'})`);
  return result.output;
}
