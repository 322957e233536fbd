// Stage: the root disk. A raw sparse ext4 image made straight from the folder (mke2fs -d, no loop mount): its
// apparent size leaves the learner room for images, while only written blocks take space (and v86 loads it lazily).
import { statSync } from 'node:fs';
import { exec } from './exec.mjs';

export const DISK_BYTES = 4 * 1024 ** 3;

export function makeDisk(rootfs, outFile) {
  exec('mke2fs', [
    '-q',
    '-F',
    '-t',
    'ext4',
    '-L',
    'wharf',
    // metadata_csum costs a crc32c per metadata write, done in software by the emulated CPU (no SSE4.2 in v86).
    '-O',
    '^metadata_csum',
    '-J',
    'size=16',
    '-E',
    'root_owner=0:0',
    '-d',
    rootfs,
    outFile,
    `${DISK_BYTES / 1024}k`,
  ]);
  return statSync(outFile).size;
}

/** Bytes the sparse image really occupies. */
export function allocatedBytes(file) {
  return statSync(file).blocks * 512;
}
