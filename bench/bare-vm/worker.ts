// The emulator alone in a worker: restore the snapshot from /vm/ and run the probe, nothing else on the thread.
import v86WasmUrl from 'v86/build/v86.wasm?url';
import { startVm, urlAssets, type JitCompileMode, type VmStartOptions } from '../../src/vm/index.js';
import { runProbe, type ProbeOptions } from '../vm-probe.js';

export interface BareOptions extends ProbeOptions {
  compile: JitCompileMode | 'off';
  tuning: VmStartOptions['jitTuning'];
  jitCompiles?: VmStartOptions['jitCompiles'];
  jitModuleBudget?: number;
}

self.onmessage = async (e: MessageEvent<BareOptions>) => {
  const line = (text: string) => self.postMessage({ line: text });
  const o = e.data;
  try {
    const t = performance.now();
    const vm = await startVm({
      assets: urlAssets('/vm/', v86WasmUrl),
      warmUp: o.readMs === undefined ? false : 'manual',
      jitCompile: o.compile === 'off' ? 'async' : o.compile,
      disableJit: o.compile === 'off',
      jitTuning: o.tuning,
      jitCompiles: o.jitCompiles,
      jitModuleBudget: o.jitModuleBudget,
    });
    const readyMs = performance.now() - t;
    line(`ready in ${(readyMs / 1000).toFixed(2)} s (compile: ${o.compile})`);
    const report = await runProbe(vm, line, o);
    await vm.destroy();
    self.postMessage({ report: { readyMs, ...report } });
  } catch (error) {
    self.postMessage({ report: { error: error instanceof Error ? (error.stack ?? error.message) : String(error) } });
  }
};
