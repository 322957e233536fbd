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

interface V86Inside {
  v86?: { cpu?: { devices?: { virtio_console?: { virtio?: { queues?: VirtQueue[] } } } } };
  network_adapter?: Partial<V86FetchAdapter>;
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

/** Listen to a bus event the typings do not list (virtio-console ports 1-3, tcp-connection). */
export function listen<T>(emulator: V86, event: string, listener: (value: T) => void): () => void {
  const e = emulator as unknown as {
    add_listener(event: string, l: (v: T) => void): void;
    remove_listener(event: string, l: (v: T) => void): void;
  };
  e.add_listener(event, listener);
  return () => e.remove_listener(event, listener);
}

interface V86Jit {
  v86?: {
    cpu?: {
      wm?: { exports?: { set_jit_config?: (index: number, value: number) => void } };
      codegen_finalize?: (...args: unknown[]) => unknown;
    };
  };
}

function jitCpu(emulator: V86): NonNullable<NonNullable<V86Jit['v86']>['cpu']> {
  const cpu = (emulator as unknown as V86Jit).v86?.cpu;
  if (typeof cpu?.wm?.exports?.set_jit_config !== 'function' || typeof cpu.codegen_finalize !== 'function')
    throw new Error('this v86 build has no reachable JIT controls (emulator.v86.cpu: wm.exports, codegen_finalize)');
  return cpu;
}

/** v86's JIT setting MAX_PAGES: how many guest pages one compiled wasm module may span (`set_jit_config(1, n)`). */
export function setJitMaxPages(emulator: V86, pages: number): void {
  jitCpu(emulator).wm!.exports!.set_jit_config!(1, pages);
}

/**
 * Called for every wasm module v86's JIT generates. v86's wasm reaches `cpu.codegen_finalize` through an import that
 * looks the method up on each call, so wrapping it on the instance sees every module.
 */
export function onJitModule(emulator: V86, listener: () => void): void {
  const cpu = jitCpu(emulator);
  const finalize = cpu.codegen_finalize!.bind(cpu);
  cpu.codegen_finalize = (...args: unknown[]) => {
    listener();
    return finalize(...args);
  };
}
