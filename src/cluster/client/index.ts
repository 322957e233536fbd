export { ClusterClient, ResourceClient, type ClientWatchOptions } from './cluster-client.js';
export { registryStorePort } from './registry-store-port.js';
