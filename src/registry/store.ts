/** A manifest as stored: its exact bytes (the digest covers them) and media type. */
export interface StoredManifest {
  digest: string;
  mediaType: string;
  bytes: Uint8Array;
}

/**
 * Where pushed images live. In memory for now (a page reload forgets pushes, like `docker system prune`); the
 * interface is what a persistent store (IndexedDB, OPFS) implements later.
 */
export interface RegistryStore {
  hasBlob(digest: string): Promise<number | undefined>;
  getBlob(digest: string): Promise<Uint8Array | undefined>;
  putBlob(digest: string, bytes: Uint8Array): Promise<void>;
  getManifest(repository: string, digest: string): Promise<StoredManifest | undefined>;
  putManifest(repository: string, manifest: StoredManifest, tag?: string): Promise<void>;
  deleteManifest(repository: string, digest: string): Promise<boolean>;
  resolveTag(repository: string, tag: string): Promise<string | undefined>;
  tags(repository: string): Promise<string[] | undefined>;
  repositories(): Promise<string[]>;
  /** Bytes of every blob and manifest kept (what the push limits count). */
  bytesStored(): Promise<number>;
}

interface Repo {
  tags: Map<string, string>;
  manifests: Map<string, StoredManifest>;
}

export class MemoryStore implements RegistryStore {
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly repos = new Map<string, Repo>();
  private stored = 0;

  async hasBlob(digest: string): Promise<number | undefined> {
    return this.blobs.get(digest)?.length;
  }

  async getBlob(digest: string): Promise<Uint8Array | undefined> {
    return this.blobs.get(digest);
  }

  async putBlob(digest: string, bytes: Uint8Array): Promise<void> {
    this.stored += bytes.length - (this.blobs.get(digest)?.length ?? 0);
    this.blobs.set(digest, bytes);
  }

  async getManifest(repository: string, digest: string): Promise<StoredManifest | undefined> {
    return this.repos.get(repository)?.manifests.get(digest);
  }

  async putManifest(repository: string, manifest: StoredManifest, tag?: string): Promise<void> {
    let repo = this.repos.get(repository);
    if (!repo) this.repos.set(repository, (repo = { tags: new Map(), manifests: new Map() }));
    this.stored += manifest.bytes.length - (repo.manifests.get(manifest.digest)?.bytes.length ?? 0);
    repo.manifests.set(manifest.digest, manifest);
    if (tag) repo.tags.set(tag, manifest.digest);
  }

  async deleteManifest(repository: string, digest: string): Promise<boolean> {
    const repo = this.repos.get(repository);
    const manifest = repo?.manifests.get(digest);
    if (!repo || !manifest) return false;
    repo.manifests.delete(digest);
    this.stored -= manifest.bytes.length;
    for (const [tag, d] of repo.tags) if (d === digest) repo.tags.delete(tag);
    return true;
  }

  async resolveTag(repository: string, tag: string): Promise<string | undefined> {
    return this.repos.get(repository)?.tags.get(tag);
  }

  async tags(repository: string): Promise<string[] | undefined> {
    const repo = this.repos.get(repository);
    return repo ? [...repo.tags.keys()].sort() : undefined;
  }

  async repositories(): Promise<string[]> {
    return [...this.repos.keys()].sort();
  }

  async bytesStored(): Promise<number> {
    return this.stored;
  }
}
