/** The image registry: curated images (Docker Hub mirror) and pushed images, over the distribution API. */
export { Registry, type RegistryOptions, type RepositoryInfo, type BlobHandle } from './registry.js';
export { createRegistryHandler, registryConnectionHandler } from './http-handler.js';
export { attachRegistry } from './attach.js';
export { RegistryError, type RegistryErrorCode } from './errors.js';
export { MemoryStore, type RegistryStore, type StoredManifest } from './store.js';
export { DEFAULT_PUSH_LIMITS, type PushLimits } from './push-limits.js';
export { FetchBlobSource } from './fetch-blob-source.js';
export type { BlobSource, ByteRange } from './blob-source.js';
export { MediaType } from './media-types.js';
