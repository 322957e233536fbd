import { concatBytes } from '../protocol/bytes.js';
import type { BlobSource, ByteRange } from './blob-source.js';
import { CuratedCatalog } from './curated-catalog.js';
import { isDigest, parseDigest, sha256Digest } from './digest.js';
import { RegistryError } from './errors.js';
import { MANIFEST_TYPES, MediaType, accepts, dockerEquivalent } from './media-types.js';
import { curatedCandidates, friendlyName, isTag, validateName } from './names.js';
import { DEFAULT_PUSH_LIMITS, PushQuota, type PushLimits } from './push-limits.js';
import { MemoryStore, type RegistryStore, type StoredManifest } from './store.js';
import { Uploads, type UploadSession } from './uploads.js';

export interface RepositoryInfo {
  /** The repository as the registry API names it (`library/nginx`, `wharf/hello`, `my-app`). */
  repository: string;
  /** As `docker images` shows it (`nginx`). */
  name: string;
  tags: string[];
  /** Built into Wharf (read-only), or pushed by the learner. */
  source: 'curated' | 'pushed';
}

export interface RegistryOptions {
  /** The curated images' OCI layout (built by image/containers). @default no curated images */
  curated?: BlobSource;
  /** Where pushed images go. @default in memory */
  store?: RegistryStore;
  /** How much pushed data is kept. @default DEFAULT_PUSH_LIMITS (128 MiB per blob, 256 MiB in all) */
  limits?: Partial<PushLimits>;
}

/** A blob ready to send: its size and a reader for all or part of it. */
export interface BlobHandle {
  digest: string;
  size: number;
  read(range?: ByteRange): AsyncIterable<Uint8Array>;
}

/**
 * The registry's logic, independent of HTTP: curated images (read-only, Docker Hub mirror) plus pushed images,
 * content-addressed and verified. `createRegistryHandler` puts the distribution API in front of it.
 */
export class Registry {
  readonly uploads = new Uploads();
  /** Docker-typed copies of OCI manifests served to clients that do not accept OCI, by digest. */
  private readonly converted = new Map<string, StoredManifest>();

  private constructor(
    private readonly curated: CuratedCatalog,
    private readonly store: RegistryStore,
    private readonly quota: PushQuota,
  ) {}

  static async open(options: RegistryOptions = {}): Promise<Registry> {
    const curated = options.curated ? await CuratedCatalog.load(options.curated) : CuratedCatalog.empty(emptySource);
    const quota = new PushQuota({ ...DEFAULT_PUSH_LIMITS, ...options.limits });
    return new Registry(curated, options.store ?? new MemoryStore(), quota);
  }

  /** Every repository with its tags (for the UI and lesson checks). */
  async repositories(): Promise<RepositoryInfo[]> {
    const out: RepositoryInfo[] = [];
    for (const repository of await this.store.repositories()) {
      out.push({ repository, name: repository, tags: (await this.store.tags(repository)) ?? [], source: 'pushed' });
    }
    for (const repository of this.curated.repositories()) {
      out.push({ repository, name: friendlyName(repository), tags: this.curated.tags(repository)!, source: 'curated' });
    }
    return out.sort((a, b) => a.repository.localeCompare(b.repository));
  }

  /** Names for `GET /v2/_catalog`. */
  async catalog(): Promise<string[]> {
    return [...new Set([...(await this.store.repositories()), ...this.curated.repositories()])].sort();
  }

  /** Tags of a repository; NAME_UNKNOWN when it does not exist. */
  async tags(name: string): Promise<string[]> {
    validateName(name);
    const tags = new Set((await this.store.tags(name)) ?? []);
    let known = tags.size > 0 || (await this.store.tags(name)) !== undefined;
    for (const candidate of curatedCandidates(name)) {
      const curated = this.curated.tags(candidate);
      if (!curated) continue;
      known = true;
      for (const t of curated) tags.add(t);
      break;
    }
    if (!known) throw new RegistryError('NAME_UNKNOWN', { name });
    return [...tags].sort();
  }

  /**
   * A manifest by tag or digest, in a media type the client accepts (OCI manifests are rewritten with Docker
   * media types for clients that only speak Docker schema 2).
   */
  async manifest(name: string, reference: string, accept?: string): Promise<StoredManifest> {
    validateName(name);
    const found = await this.findManifest(name, reference);
    if (!found) {
      const known =
        (await this.store.tags(name)) !== undefined || curatedCandidates(name).some((c) => this.curated.tags(c));
      if (!known) throw new RegistryError('NAME_UNKNOWN', { name });
      throw new RegistryError('MANIFEST_UNKNOWN', { name, reference }, `manifest unknown: ${name}:${reference}`);
    }
    if (accepts(accept, found.mediaType)) return found;
    const docker = dockerEquivalent(found.mediaType);
    if (docker === found.mediaType || !accepts(accept, docker)) return found;
    return this.toDockerTypes(found);
  }

  private async findManifest(name: string, reference: string): Promise<StoredManifest | undefined> {
    if (isDigest(reference)) {
      const pushed = await this.store.getManifest(name, reference);
      if (pushed) return pushed;
      const converted = this.converted.get(reference);
      if (converted) return converted;
      for (const c of curatedCandidates(name)) {
        const m = await this.curated.getManifest(c, reference);
        if (m) return m;
      }
      return undefined;
    }
    if (!isTag(reference))
      throw new RegistryError('TAG_INVALID', { tag: reference }, `invalid tag ${JSON.stringify(reference)}`);
    const pushedDigest = await this.store.resolveTag(name, reference);
    if (pushedDigest) return this.store.getManifest(name, pushedDigest);
    for (const c of curatedCandidates(name)) {
      const digest = this.curated.resolveTag(c, reference);
      if (digest) return this.curated.getManifest(c, digest);
    }
    return undefined;
  }

  private async toDockerTypes(manifest: StoredManifest): Promise<StoredManifest> {
    const json = JSON.parse(new TextDecoder().decode(manifest.bytes)) as Record<string, unknown>;
    const retype = (d: { mediaType?: string }): unknown => ({ ...d, mediaType: dockerEquivalent(d.mediaType ?? '') });
    const out: Record<string, unknown> = { ...json, mediaType: dockerEquivalent(manifest.mediaType) };
    if (json.config) out.config = retype(json.config as { mediaType?: string });
    if (Array.isArray(json.layers)) out.layers = json.layers.map(retype);
    if (Array.isArray(json.manifests)) out.manifests = json.manifests.map(retype);
    const bytes = new TextEncoder().encode(JSON.stringify(out));
    const converted = { digest: await sha256Digest(bytes), mediaType: out.mediaType as string, bytes };
    this.converted.set(converted.digest, converted);
    return converted;
  }

  /** A blob by digest. Blobs are shared by all repositories (content addressing makes that safe). */
  async blob(digest: string): Promise<BlobHandle> {
    parseDigest(digest);
    const pushed = await this.store.getBlob(digest);
    if (pushed) {
      return { digest, size: pushed.length, read: (r) => once(r ? pushed.subarray(r.start, r.end + 1) : pushed) };
    }
    const size = this.curated.blobSize(digest);
    if (size === undefined) throw new RegistryError('BLOB_UNKNOWN', { digest });
    return { digest, size, read: (r) => this.curated.readBlob(digest, r) };
  }

  async hasBlob(digest: string): Promise<boolean> {
    return (await this.store.hasBlob(digest)) !== undefined || this.curated.blobSize(digest) !== undefined;
  }

  /**
   * Add a request's body to an upload, within the push limits. `declared` (a Content-Length) is checked before any
   * byte is taken. Past a limit the upload is dropped with a DENIED error; everything stored stays as it was.
   */
  async receiveUpload(session: UploadSession, body: AsyncIterable<Uint8Array>, declared?: number): Promise<void> {
    try {
      const stored = await this.store.bytesStored();
      if (declared !== undefined) {
        this.quota.checkBlob(session.size + declared, true);
        this.quota.checkTotal(stored + this.uploads.bytesHeld(), declared);
      }
      for await (const chunk of body) {
        this.quota.checkBlob(session.size + chunk.length, false);
        this.quota.checkTotal(stored + this.uploads.bytesHeld(), chunk.length);
        this.uploads.append(session, chunk);
      }
    } catch (error) {
      this.uploads.delete(session.id);
      throw error;
    }
  }

  /** Finish an upload: the bytes must hash to `digest` (DIGEST_INVALID otherwise, and nothing is stored). */
  async completeUpload(session: UploadSession, digest: string): Promise<void> {
    parseDigest(digest);
    this.uploads.delete(session.id);
    const bytes = concatBytes(session.chunks);
    const actual = await sha256Digest(bytes);
    if (actual !== digest) {
      throw new RegistryError(
        'DIGEST_INVALID',
        { expected: digest, actual },
        'provided digest did not match uploaded content',
      );
    }
    if (!(await this.hasBlob(digest))) await this.store.putBlob(digest, bytes);
  }

  /** Store a pushed manifest under a tag or its digest; every blob it references must already be here. */
  async putManifest(
    name: string,
    reference: string,
    contentType: string | undefined,
    bytes: Uint8Array,
  ): Promise<string> {
    validateName(name);
    const byDigest = isDigest(reference);
    if (!byDigest && !isTag(reference)) {
      throw new RegistryError('TAG_INVALID', { tag: reference }, `invalid tag ${JSON.stringify(reference)}`);
    }
    let json: { schemaVersion?: number; mediaType?: string; config?: Desc; layers?: Desc[]; manifests?: Desc[] };
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new RegistryError('MANIFEST_INVALID', { reason: 'not JSON' }, 'manifest invalid: not JSON');
    }
    if (!isObject(json)) {
      throw new RegistryError('MANIFEST_INVALID', { reason: 'not an object' }, 'manifest invalid: not a JSON object');
    }
    const mediaType = json.mediaType ?? contentType?.split(';')[0]?.trim() ?? '';
    if (json.schemaVersion !== 2 || !MANIFEST_TYPES.includes(mediaType)) {
      throw new RegistryError(
        'MANIFEST_INVALID',
        { mediaType, schemaVersion: json.schemaVersion },
        `manifest invalid: unsupported manifest type ${JSON.stringify(mediaType)}`,
      );
    }
    const digest = await sha256Digest(bytes);
    if (byDigest && digest !== reference) {
      throw new RegistryError('DIGEST_INVALID', { expected: reference, actual: digest });
    }
    if (!(await this.store.getManifest(name, digest))) {
      this.quota.checkTotal((await this.store.bytesStored()) + this.uploads.bytesHeld(), bytes.length);
    }
    if (mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList) {
      for (const m of descriptors(json.manifests ?? [])) {
        if (!(await this.findManifest(name, parseDigest(m.digest)))) {
          throw new RegistryError('MANIFEST_UNKNOWN', { digest: m.digest }, `manifest unknown: ${m.digest}`);
        }
      }
    } else {
      if (!json.config || !Array.isArray(json.layers)) {
        throw new RegistryError(
          'MANIFEST_INVALID',
          { reason: 'config or layers missing' },
          'manifest invalid: config or layers missing',
        );
      }
      for (const d of descriptors([json.config, ...json.layers])) {
        if (!(await this.hasBlob(parseDigest(d.digest))))
          throw new RegistryError('MANIFEST_BLOB_UNKNOWN', { digest: d.digest });
      }
    }
    await this.store.putManifest(name, { digest, mediaType, bytes }, byDigest ? undefined : reference);
    return digest;
  }

  /** Delete a pushed manifest by digest (curated images cannot be deleted). */
  async deleteManifest(name: string, reference: string): Promise<void> {
    validateName(name);
    if (!isDigest(reference)) throw new RegistryError('UNSUPPORTED', { reference }, 'manifests are deleted by digest');
    if (!(await this.store.deleteManifest(name, reference)))
      throw new RegistryError('MANIFEST_UNKNOWN', { name, reference });
  }
}

interface Desc {
  digest: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A manifest's descriptors, each checked to be an object (a digest is then validated by parseDigest). */
function descriptors(list: unknown): Desc[] {
  if (!Array.isArray(list) || !list.every(isObject)) {
    throw new RegistryError(
      'MANIFEST_INVALID',
      { reason: 'descriptors must be objects' },
      'manifest invalid: descriptors must be objects',
    );
  }
  return list as unknown as Desc[];
}

const emptySource: BlobSource = {
  // eslint-disable-next-line require-yield
  async *read(path: string) {
    throw new Error(`no curated images: ${path}`);
  },
};

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}
