/**
 * The build manifest written by scripts/build-vm.mjs next to the guest files (`manifest.json`), extended by
 * scripts/make-snapshot.ts with the `snapshot` record. Only the fields the runtime needs are typed; the rest is kept.
 */
export interface VmManifest {
  /** Kernel command line the build was made for. */
  cmdline: string;
  memoryMB: number;
  /** Size of disk.img in bytes (v86 needs it for range reads). */
  diskBytes: number;
  /** The files of the build (names relative to the build folder) with their sizes/hashes as the image build wrote. */
  files?: unknown;
  /** Content hash of disk.img when the image build recorded one. */
  diskHash?: string;
  /**
   * The build's id (its folder name in the cache). The browser reads every file but the manifest under
   * `<base><hash>/`, so a rebuild while a tab runs can never hand it another build's disk blocks.
   */
  hash?: string;
  /** Size in bytes of each file of the build, by role (the keys of `files`: bios, bzimage, initrd, disk). */
  fileBytes?: Record<string, number>;
  /** Lower-case hex SHA-256 of each whole-loaded file, by role (bios, bzimage, initrd; not the disk). */
  fileSha256?: Record<string, string>;
  /** The pre-booted state, present once make-snapshot ran. */
  snapshot?: VmSnapshotRecord;
  [key: string]: unknown;
}

export interface VmSnapshotRecord {
  /** File name in the build folder (zstd-compressed v86 state). */
  file: string;
  /** Compressed size in bytes: a shorter file is a truncated download. */
  bytes: number;
  /** Hash of the disk the state was saved against; the state is only valid with exactly that disk. */
  diskHash: string;
  /** Uncompressed state size, for progress and sanity checks. */
  rawBytes?: number;
  /** Lower-case hex SHA-256 of the compressed state file. */
  sha256?: string;
  /** The state holds an idle login shell (the learner's terminal command) for the first terminal to adopt. */
  spareShell?: boolean;
  createdAt?: string;
}

/** A build id that is safe as one URL path segment (the cache's folder names are hex). */
export const BUILD_ID = /^[0-9a-f]{8,64}$/;

/** The manifest does not describe a bootable build. */
export class VmManifestError extends Error {
  constructor(message: string) {
    super(`invalid VM manifest: ${message}`);
    this.name = 'VmManifestError';
  }
}

/** Check the fields the runtime relies on; throw a specific error rather than failing deep inside v86. */
export function parseManifest(value: unknown): VmManifest {
  if (typeof value !== 'object' || value === null) throw new VmManifestError('not a JSON object');
  const m = value as Record<string, unknown>;
  if (typeof m.cmdline !== 'string') throw new VmManifestError('"cmdline" must be a string');
  if (typeof m.memoryMB !== 'number' || m.memoryMB < 64) throw new VmManifestError('"memoryMB" must be a number >= 64');
  if (typeof m.diskBytes !== 'number' || m.diskBytes <= 0) throw new VmManifestError('"diskBytes" must be positive');
  if (m.snapshot !== undefined) {
    const s = m.snapshot as Record<string, unknown>;
    if (typeof s.file !== 'string' || typeof s.bytes !== 'number' || typeof s.diskHash !== 'string')
      throw new VmManifestError('"snapshot" needs file, bytes and diskHash');
  }
  if (m.hash !== undefined && (typeof m.hash !== 'string' || !BUILD_ID.test(m.hash)))
    throw new VmManifestError('"hash" must be the build\'s hex id');
  // What the files are checked against must be usable: a half-written record would turn a check into a silent pass.
  checkMap(m.fileBytes, 'fileBytes', (v) => Number.isSafeInteger(v) && (v as number) >= 0, 'a byte count');
  checkMap(m.fileSha256, 'fileSha256', isSha256, '64 hex digits');
  const snapshotSha256 = (m.snapshot as Record<string, unknown> | undefined)?.sha256;
  if (snapshotSha256 !== undefined && !isSha256(snapshotSha256))
    throw new VmManifestError('"snapshot.sha256" must be 64 hex digits');
  return m as VmManifest;
}

function checkMap(value: unknown, name: string, valid: (v: unknown) => boolean, what: string): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new VmManifestError(`"${name}" must map file roles to values`);
  for (const [role, v] of Object.entries(value))
    if (!valid(v)) throw new VmManifestError(`"${name}.${role}" must be ${what}`);
}

function isSha256(value: unknown): boolean {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/** The build's file names by role (`files` in the manifest), with the names builds used before it recorded them. */
export function buildFileNames(m: VmManifest): { bios: string; bzimage: string; initrd: string; disk: string } {
  const f = (typeof m.files === 'object' && m.files !== null ? m.files : {}) as Record<string, unknown>;
  const pick = (key: string, fallback: string) => (typeof f[key] === 'string' ? (f[key] as string) : fallback);
  return {
    bios: pick('bios', 'bios.bin'),
    bzimage: pick('bzimage', 'bzImage'),
    initrd: pick('initrd', 'initrd.img'),
    disk: pick('disk', 'disk.img'),
  };
}
