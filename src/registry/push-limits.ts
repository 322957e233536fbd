import { formatBytes } from '../http/format-bytes.js';
import { RegistryError } from './errors.js';

/**
 * How much pushed data the registry keeps. Pushed images live in the VM worker's memory (the tab's), next to the
 * emulator's own RAM and disk cache, so both one blob and all of them together are bounded.
 */
export interface PushLimits {
  /** The largest blob (a layer or an image config) one upload may bring. */
  maxBlobBytes: number;
  /** Everything pushed and kept: stored blobs and manifests, plus uploads still under way. */
  maxTotalBytes: number;
}

/**
 * 128 MiB per blob, 256 MiB in all. A learner's layers are small (the curated base layers are never re-sent:
 * dockerd finds them in the registry), and the guest link moves well under 1 MB/s, so these are far beyond a
 * lesson's pushes yet keep a runaway push from taking the tab's memory.
 */
export const DEFAULT_PUSH_LIMITS: PushLimits = { maxBlobBytes: 128 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024 };

/**
 * Both limits answer `DENIED`, which `docker push` prints as `denied: <message>` and, unlike `SIZE_INVALID`, does
 * not retry (dockerd re-sends a failed layer up to five times for any other code). One blob over its limit is also
 * HTTP's 413; the total is a 403, like a quota.
 */
export class PushQuota {
  constructor(readonly limits: PushLimits) {}

  /** A blob of `size` bytes (so far, or as declared) may be uploaded. */
  checkBlob(size: number, declared: boolean): void {
    const limit = this.limits.maxBlobBytes;
    if (size <= limit) return;
    const what = declared ? `this one is ${formatBytes(size)}` : `this one passed ${formatBytes(limit)}`;
    throw new RegistryError(
      'DENIED',
      { limit, size },
      `blob upload refused: Wharf's registry takes blobs (layers, configs) of at most ${formatBytes(limit)}, ${what}`,
      413,
    );
  }

  /** `adding` more bytes may be kept, with `held` already kept (stored and uploading). */
  checkTotal(held: number, adding: number): void {
    const limit = this.limits.maxTotalBytes;
    if (held + adding <= limit) return;
    throw new RegistryError(
      'DENIED',
      { limit, held, adding },
      `push refused: Wharf's registry keeps at most ${formatBytes(limit)} of pushed images in the browser tab's ` +
        `memory and ${formatBytes(held)} are taken (pushed images and unfinished uploads); ` +
        `images already pushed stay, reloading the page clears them`,
    );
  }
}
