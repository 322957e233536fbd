// The emulator alone in a worker: restore the snapshot from /vm/ and run the probe, nothing else on the thread.
import v86WasmUrl from 'v86/build/v86.wasm?url';
import { startVm, urlAssets, type JitCompileMode, type VmStartOptions } from '../../src/vm/index.js';
import { runProbe } from '../vm-probe.js';

self.onmessage = async (
  e: MessageEvent<{ compile: JitCompileMode | 'off'; steps: number; tuning: VmStartOptions['jitTuning'] }>,
) => {
  const line = (text: string) => self.postMessage({ line: text });
  try {
    const t = performance.now();
    const vm = await startVm({
      assets: urlAssets('/vm/', v86WasmUrl),
      warmUp: false,
      jitCompile: e.data.compile === 'off' ? 'async' : e.data.compile,
      disableJit: e.data.compile === 'off',
      jitTuning: e.data.tuning,
    });
    const readyMs = performance.now() - t;
    line(`ready in ${(readyMs / 1000).toFixed(2)} s (compile: ${e.data.compile})`);
    const steps = await runProbe(vm, line, e.data.steps);
    await vm.destroy();
    self.postMessage({ report: { readyMs, steps } });
  } catch (error) {
    self.postMessage({ report: { error: error instanceof Error ? (error.stack ?? error.message) : String(error) } });
  }
};
