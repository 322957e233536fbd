// Public API of the VM runtime (floor 2). Runs in Node and in a Web Worker: no DOM, no node: imports here
// (the Node-only asset loader is `./node-assets.js`, imported directly by Node code).
export type { VmStartOptions, WharfVm, VmNetwork } from './types.js';
export { VmStartError } from './types.js';
export type { VmAssets, ProgressListener } from './assets.js';
export type { RangeReader, RangeDiskStats } from './range-disk.js';
export type { VmManifest, VmSnapshotRecord } from './manifest.js';
export { parseManifest, VmManifestError } from './manifest.js';
export { startVm } from './vm.js';
export { urlAssets } from './url-assets.js';
export type { VmEvent, VmEventListener } from '../protocol/vm-events.js';
export type { JitCompileMode, JitStats } from './jit-compiler.js';
