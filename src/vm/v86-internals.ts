/**
 * The few v86 internals the runtime needs beyond the typed API, in one place. Property names were checked against
 * the minified build (build/libv86.mjs of v86 0.5.462): Closure keeps them because v86's own code reaches them by
 * name. If an upgrade breaks one, `requireInternals` fails loudly at start instead of the link silently dropping bytes.
 */
import type { V86 } from 'v86';

export interface VirtQueueChain {
  /** Bytes the guest's posted buffer can take. */
  length_writable: number;
  set_next_blob(data: Uint8Array): number;
}

export interface VirtQueue {
  is_configured(): boolean;
  has_request(): boolean;
  pop_request(): VirtQueueChain;
  push_reply(chain: VirtQueueChain): void;
  flush_replies(): void;
}

/** v86's TCPConnection of the fetch network adapter (src/browser/fake_network.js). One handler per event name. */
export interface V86TcpConnection {
  /** The host-side port (the guest's destination port). */
  sport: number;
  dport: number;
  state: string;
  accept(packet?: unknown): void;
  write(data: Uint8Array): void;
  close(): void;
  on(event: 'data', handler: (data: Uint8Array) => void): void;
  on(event: 'shutdown' | 'close' | 'connect', handler: () => void): void;
}

export interface V86FetchAdapter {
  connect(port: number): V86TcpConnection;
}

/** The frame side of the same adapter: `send` takes the guest's frames in, `receive` hands frames to the guest. */
interface V86AdapterFrames {
  send(frame: Uint8Array): void;
  receive(frame: Uint8Array): void;
}

interface V86Inside {
  v86?: { cpu?: { devices?: { virtio_console?: { virtio?: { queues?: VirtQueue[] } } } } };
  network_adapter?: Partial<V86FetchAdapter & V86AdapterFrames>;
}

/** The receive queue of virtio-console port `port` (v86: port 0 -> queue 0, port N -> queue 2N+2). */
export function consoleReceiveQueue(emulator: V86, port: number): VirtQueue {
  const queues = (emulator as unknown as V86Inside).v86?.cpu?.devices?.virtio_console?.virtio?.queues;
  const queue = queues?.[port === 0 ? 0 : 2 * port + 2];
  if (!queue || typeof queue.has_request !== 'function' || typeof queue.pop_request !== 'function')
    throw new Error('this v86 build has no reachable virtio-console queues (emulator.v86.cpu.devices.virtio_console)');
  return queue;
}

export function fetchAdapter(emulator: V86): V86FetchAdapter {
  const adapter = (emulator as unknown as V86Inside).network_adapter;
  if (!adapter || typeof adapter.connect !== 'function')
    throw new Error('the emulator has no fetch network adapter with connect() (net_device.relay_url must be "fetch")');
  return adapter as V86FetchAdapter;
}

/**
 * Answer some of the guest's frames on the host side before the fetch adapter sees them: `answer` returns the
 * reply frame for a frame it takes, `undefined` to let the adapter handle it. Returns the undo.
 */
export function answerGuestFrames(emulator: V86, answer: (frame: Uint8Array) => Uint8Array | undefined): () => void {
  const adapter = (emulator as unknown as V86Inside).network_adapter;
  if (!adapter || typeof adapter.send !== 'function' || typeof adapter.receive !== 'function')
    throw new Error('the emulator has no network adapter with send() and receive() (net_device.relay_url "fetch")');
  const frames = adapter as V86AdapterFrames;
  const send = frames.send;
  frames.send = function (frame: Uint8Array) {
    const reply = answer(frame);
    if (reply) frames.receive(reply);
    else send.call(this, frame);
  };
  return () => {
    frames.send = send;
  };
}

/** Listen to a bus event the typings do not list (virtio-console ports 1-3, tcp-connection). */
export function listen<T>(emulator: V86, event: string, listener: (value: T) => void): () => void {
  const e = emulator as unknown as {
    add_listener(event: string, l: (v: T) => void): void;
    remove_listener(event: string, l: (v: T) => void): void;
  };
  e.add_listener(event, listener);
  return () => e.remove_listener(event, listener);
}

/** The JIT's side of v86's CPU object (src/cpu.js); names checked against build/libv86.mjs of v86 0.5.462. */
export interface V86JitCpu {
  // WebAssembly's own types come with the DOM lib, which the engine type-checks without: structural ones here.
  wm: {
    exports: { set_jit_config(index: number, value: number): void };
    wasm_table: { set(i: number, f: unknown): void };
  };
  wasm_memory: { buffer: ArrayBuffer };
  /** The imports every generated module gets as its namespace `e`. */
  jit_imports: object;
  /**
   * v86's wasm calls this (through an import that looks the method up on each call) with a generated module in its
   * memory; v86 compiles it with `WebAssembly.instantiate` and calls `codegen_finalize_finished` when it is done.
   */
  codegen_finalize(tableIndex: number, start: number, stateFlags: number, ptr: number, len: number): void;
  /** Tells v86's JIT the module is in the table. v86 compiles one module at a time until this is called. */
  codegen_finalize_finished(tableIndex: number, start: number, stateFlags: number): void;
}

export function jitCpu(emulator: V86): V86JitCpu {
  const cpu = (emulator as unknown as { v86?: { cpu?: Partial<V86JitCpu> } }).v86?.cpu;
  if (
    typeof cpu?.wm?.exports?.set_jit_config !== 'function' ||
    typeof cpu.wm.wasm_table?.set !== 'function' ||
    !(cpu.wasm_memory?.buffer instanceof ArrayBuffer) ||
    typeof cpu.jit_imports !== 'object' ||
    typeof cpu.codegen_finalize !== 'function' ||
    typeof cpu.codegen_finalize_finished !== 'function'
  )
    throw new Error(
      'this v86 build has no reachable JIT internals (emulator.v86.cpu: wm, wasm_memory, jit_imports, codegen_finalize)',
    );
  return cpu as V86JitCpu;
}

/**
 * v86's run-time JIT settings (`set_jit_config(index, value)` in its jit.rs), by name: `disabled` stops new compiles
 * (compiled code keeps running), `maxPages` is how many guest pages one wasm module may span, `extraBasicBlocks` how
 * many blocks beyond those pages it may take in.
 */
const JIT_SETTING = { disabled: 0, maxPages: 1, extraBasicBlocks: 3 } as const;

export function setJitSetting(cpu: V86JitCpu, setting: keyof typeof JIT_SETTING, value: number): void {
  cpu.wm.exports.set_jit_config(JIT_SETTING[setting], value);
}
