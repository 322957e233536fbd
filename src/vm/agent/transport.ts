import type { Disposable } from '../../protocol/byte-stream.js';

/** The raw byte pipe to the agent: a virtio-console port in the VM, a child process's stdio in unit tests. */
export interface AgentTransport {
  write(data: Uint8Array): void;
  onData(listener: (data: Uint8Array) => void): Disposable;
}

/** What the agent said in its HELLO. */
export interface AgentInfo {
  version: number;
  pid: number;
}
