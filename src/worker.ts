// Composition root of the VM worker: the real VM runtime, the browser's storage and the playground services,
// exposed to the page as ONE Comlink API (src/protocol/worker-api.ts). The emulator runs here, never on the page.
import * as Comlink from 'comlink';
import wasmUrl from 'v86/build/v86.wasm?url';
import { startVm, urlAssets } from './vm/index.js';
import type { WharfVm } from './vm/index.js';
import type { VmEvent } from './protocol/vm-events.js';
import { PlaygroundApi } from './worker/playground-api.js';
import { IdbWorkspaceStore } from './worker/idb-workspace-store.js';
import type { LaunchProgress, VmInstance, VmLauncher } from './worker/vm-launcher.js';

const launch: VmLauncher = async ({ assetBase, onProgress }) => {
  const stoppedListeners: ((reason: string) => void)[] = [];
  let destroyed = false;
  const vm: WharfVm = await startVm({
    assets: urlAssets(new URL(assetBase, self.location.href).href, new URL(wasmUrl, self.location.href).href),
    onEvent: (event) => {
      const progress = toProgress(event);
      if (progress) onProgress(progress);
      if (event.type === 'crashed' && !destroyed) for (const l of stoppedListeners) l(event.reason);
    },
  });
  const instance: VmInstance = {
    guest: vm.link,
    async stop() {
      destroyed = true;
      await vm.destroy();
    },
    onStopped: (listener) => void stoppedListeners.push(listener),
  };
  return { vm: instance, restored: vm.manifest.snapshot !== undefined };
};

function toProgress(event: VmEvent): LaunchProgress | undefined {
  switch (event.type) {
    case 'download':
      return {
        phase: 'download',
        message: `Downloading ${event.file}`,
        loaded: event.loaded,
        total: event.total || undefined,
      };
    case 'restore':
      return { phase: 'restore', message: 'Restoring the pre-booted VM' };
    case 'boot':
      return { phase: 'boot', message: 'Booting Linux (no snapshot yet: this takes a while)' };
    case 'ready':
      return { phase: 'connect', message: 'The guest answered' };
    case 'warm':
      return { phase: 'warm', message: `Docker warmed up in ${(event.ms / 1000).toFixed(1)} s` };
    default:
      return undefined;
  }
}

Comlink.expose(new PlaygroundApi(launch, new IdbWorkspaceStore()));
