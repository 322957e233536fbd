// OCI image layout (what the registry serves) plus docker-save metadata (what `docker load` reads) in one folder.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256File, fileSize } from './layer.mjs';

export const MEDIA = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  // Uncompressed on purpose: gunzip runs ~50x slower in the emulated guest (see docs/images-and-registry.md).
  layer: 'application/vnd.oci.image.layer.v1.tar',
};

export class OciLayout {
  constructor(dir) {
    this.dir = dir;
    this.blobDir = join(dir, 'blobs', 'sha256');
    mkdirSync(this.blobDir, { recursive: true });
    this.entries = []; // { ref, repoTag, manifest: descriptor, config: hex, layers: [hex] }
  }

  /** Store bytes as a blob; returns its descriptor. */
  putBytes(mediaType, bytes) {
    const hex = createHash('sha256').update(bytes).digest('hex');
    const path = join(this.blobDir, hex);
    if (!existsSync(path)) writeFileSync(path, bytes);
    return { mediaType, digest: `sha256:${hex}`, size: bytes.length };
  }

  /** Store a file (a layer tar) as a blob; identical layers land on the same digest, so they are stored once. */
  putFile(mediaType, file) {
    const hex = sha256File(file);
    const path = join(this.blobDir, hex);
    if (!existsSync(path)) copyFileSync(file, path);
    return { mediaType, digest: `sha256:${hex}`, size: fileSize(file) };
  }

  /**
   * Add an image: `layers` are layer descriptors bottom-up, `config` the container config (Env, Cmd, ...).
   * `refs` are Docker names like `nginx:latest` or `wharf/hello:1.0`.
   */
  addImage({ refs, layers, config, history, created }) {
    const imageConfig = {
      created,
      architecture: '386',
      os: 'linux',
      config,
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      history,
    };
    const configDesc = this.putBytes(MEDIA.config, Buffer.from(JSON.stringify(imageConfig)));
    const manifest = { schemaVersion: 2, mediaType: MEDIA.manifest, config: configDesc, layers };
    const manifestDesc = this.putBytes(MEDIA.manifest, Buffer.from(JSON.stringify(manifest)));
    for (const ref of refs) this.entries.push({ ref, manifest: manifestDesc, config: configDesc, layers });
    return { manifest: manifestDesc, config: configDesc };
  }

  /** Write index.json/oci-layout (OCI) and manifest.json/repositories (docker load). */
  finish() {
    writeFileSync(join(this.dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: this.entries.map((e) => ({
        ...e.manifest,
        platform: { architecture: '386', os: 'linux' },
        annotations: { 'org.opencontainers.image.ref.name': dockerIoRef(e.ref) },
      })),
    };
    writeFileSync(join(this.dir, 'index.json'), JSON.stringify(index, null, 1));
    // docker load: one entry per image (config), all its tags together.
    const byConfig = new Map();
    for (const e of this.entries) {
      const item = byConfig.get(e.config.digest) ?? {
        Config: blobPath(e.config.digest),
        RepoTags: [],
        Layers: e.layers.map((l) => blobPath(l.digest)),
      };
      item.RepoTags.push(e.ref);
      byConfig.set(e.config.digest, item);
    }
    writeFileSync(join(this.dir, 'manifest.json'), JSON.stringify([...byConfig.values()], null, 1));
    const repositories = {};
    for (const e of this.entries) {
      const [repo, tag] = splitRef(e.ref);
      (repositories[repo] ??= {})[tag] = e.layers.at(-1).digest.slice('sha256:'.length);
    }
    writeFileSync(join(this.dir, 'repositories'), JSON.stringify(repositories));
  }
}

function blobPath(digest) {
  return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}

export function splitRef(ref) {
  const i = ref.lastIndexOf(':');
  return [ref.slice(0, i), ref.slice(i + 1)];
}

/** `nginx:latest` -> `docker.io/library/nginx:latest`; `wharf/hello:1.0` -> `docker.io/wharf/hello:1.0`. */
export function dockerIoRef(ref) {
  const [repo, tag] = splitRef(ref);
  return `docker.io/${repo.includes('/') ? repo : `library/${repo}`}:${tag}`;
}
