import type { BlobSource, ByteRange } from './blob-source.js';
import { sha256Digest } from './digest.js';
import { MediaType } from './media-types.js';

/** An in-memory OCI layout with one tiny curated image, for tests (the real one is built by image/containers). */
export async function tinyLayout(refs: string[] = ['docker.io/library/nginx:latest', 'docker.io/library/nginx:1.22']) {
  const files = new Map<string, Uint8Array>();
  const enc = new TextEncoder();
  const put = async (bytes: Uint8Array): Promise<{ digest: string; size: number }> => {
    const digest = await sha256Digest(bytes);
    files.set(`blobs/sha256/${digest.slice(7)}`, bytes);
    return { digest, size: bytes.length };
  };
  const layerBytes = enc.encode('pretend this is a tar layer '.repeat(100));
  const layer = await put(layerBytes);
  const config = await put(
    enc.encode(
      JSON.stringify({ architecture: '386', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } }),
    ),
  );
  const manifestBytes = enc.encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, ...config },
      layers: [{ mediaType: MediaType.ociLayer, ...layer }],
    }),
  );
  const manifest = await put(manifestBytes);
  const index = {
    schemaVersion: 2,
    manifests: refs.map((ref) => ({
      mediaType: MediaType.ociManifest,
      ...manifest,
      annotations: { 'org.opencontainers.image.ref.name': ref },
    })),
  };
  files.set('index.json', enc.encode(JSON.stringify(index)));
  const source: BlobSource = {
    async *read(path: string, range?: ByteRange) {
      const bytes = files.get(path);
      if (!bytes) throw new Error(`missing ${path}`);
      yield range ? bytes.subarray(range.start, range.end + 1) : bytes;
    },
  };
  return { source, files, layer, layerBytes, config, manifest, manifestBytes };
}
