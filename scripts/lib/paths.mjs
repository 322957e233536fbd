// Where builds are cached: outside the repo, so a fresh clone on the same machine reuses them.
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheRoot = process.env.WHARF_CACHE ?? join(homedir(), '.cache', 'wharf');
/** The built guest images, one folder per content hash; `current` links to the newest complete one. */
export const vmCacheDir = join(cacheRoot, 'vm');
