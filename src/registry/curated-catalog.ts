import { readAll, type BlobSource } from './blob-source.js';
import type { StoredManifest } from './store.js';

/** One entry of the OCI layout's index.json. */
interface IndexEntry {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

interface Descriptor {
  digest: string;
  size: number;
}

const REF_NAME = 'org.opencontainers.image.ref.name';
const decoder = new TextDecoder();

/**
 * The curated images built by image/containers (read-only): repository -> tag -> manifest, and the size of every
 * blob they reference, read from the layout's index.json and manifests.
 */
export class CuratedCatalog {
  private constructor(
    private readonly source: BlobSource,
    private readonly repos: Map<string, Map<string, string>>,
    private readonly manifests: Map<string, { mediaType: string; size: number }>,
    private readonly blobSizes: Map<string, number>,
  ) {}

  static empty(source: BlobSource): CuratedCatalog {
    return new CuratedCatalog(source, new Map(), new Map(), new Map());
  }

  static async load(source: BlobSource): Promise<CuratedCatalog> {
    const index = JSON.parse(decoder.decode(await readAll(source.read('index.json')))) as { manifests: IndexEntry[] };
    const repos = new Map<string, Map<string, string>>();
    const manifests = new Map<string, { mediaType: string; size: number }>();
    const blobSizes = new Map<string, number>();
    for (const entry of index.manifests) {
      const ref = entry.annotations?.[REF_NAME];
      const parsed = ref ? parseDockerIoRef(ref) : undefined;
      if (!parsed) continue;
      let tags = repos.get(parsed.repository);
      if (!tags) repos.set(parsed.repository, (tags = new Map()));
      tags.set(parsed.tag, entry.digest);
      if (manifests.has(entry.digest)) continue;
      manifests.set(entry.digest, { mediaType: entry.mediaType, size: entry.size });
      blobSizes.set(entry.digest, entry.size);
      const manifest = JSON.parse(decoder.decode(await readAll(source.read(blobPath(entry.digest))))) as {
        config: Descriptor;
        layers: Descriptor[];
      };
      for (const d of [manifest.config, ...manifest.layers]) blobSizes.set(d.digest, d.size);
    }
    return new CuratedCatalog(source, repos, manifests, blobSizes);
  }

  repositories(): string[] {
    return [...this.repos.keys()].sort();
  }

  tags(repository: string): string[] | undefined {
    const tags = this.repos.get(repository);
    return tags ? [...tags.keys()].sort() : undefined;
  }

  resolveTag(repository: string, tag: string): string | undefined {
    return this.repos.get(repository)?.get(tag);
  }

  /** A manifest of `repository` by digest (only manifests tagged in that repository count). */
  async getManifest(repository: string, digest: string): Promise<StoredManifest | undefined> {
    const tags = this.repos.get(repository);
    const meta = this.manifests.get(digest);
    if (!tags || !meta || ![...tags.values()].includes(digest)) return undefined;
    return { digest, mediaType: meta.mediaType, bytes: await readAll(this.source.read(blobPath(digest))) };
  }

  blobSize(digest: string): number | undefined {
    return this.blobSizes.get(digest);
  }

  readBlob(digest: string, range?: { start: number; end: number }): AsyncIterable<Uint8Array> {
    return this.source.read(blobPath(digest), range);
  }
}

function blobPath(digest: string): string {
  return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}

/** `docker.io/library/nginx:latest` -> library/nginx + latest (the names Docker Hub mirror requests use). */
export function parseDockerIoRef(ref: string): { repository: string; tag: string } | undefined {
  const m = /^(?:docker\.io\/)?([^:@]+):([\w][\w.-]{0,127})$/.exec(ref);
  if (!m) return undefined;
  const repository = m[1]!.includes('/') ? m[1]! : `library/${m[1]!}`;
  return { repository, tag: m[2]! };
}
