import type { Disposable } from '../protocol/byte-stream.js';
import { BufferedEmitter, OnceSignal } from '../http/emitter.js';
import { FrameDemuxer, type StdStream } from './stream-frames.js';

/** Output of a container or exec (logs, attach, exec start), split into stdout/stderr when Docker multiplexes it. */
export interface DockerOutput {
  onData(listener: (stream: StdStream, data: Uint8Array) => void): Disposable;
  onEnd(listener: (error?: Error) => void): Disposable;
  close(): void;
}

/** Something delivering raw bytes and an end: a response body or a hijacked connection. */
export interface RawSource {
  onData(listener: (data: Uint8Array) => void): Disposable;
  onEnd(listener: (error?: Error) => void): Disposable;
  close(): void;
}

/**
 * Wraps raw bytes as {@link DockerOutput}. A tty container's output is one raw stream (reported as stdout); without
 * a tty Docker prefixes every write with an 8-byte frame header naming the stream.
 */
export function dockerOutput(source: RawSource, tty: boolean): DockerOutput {
  const data = new BufferedEmitter<{ stream: StdStream; data: Uint8Array }>();
  const ended = new OnceSignal();
  let failure: Error | undefined;
  const demuxer = tty ? undefined : new FrameDemuxer();
  source.onData((bytes) => {
    if (!demuxer) return data.emit({ stream: 'stdout', data: bytes });
    try {
      for (const frame of demuxer.push(bytes)) data.emit(frame);
    } catch (error) {
      failure = error as Error;
      source.close();
    }
  });
  source.onEnd((error) => {
    failure ??= error;
    ended.fire();
  });
  return {
    onData: (listener) => data.on((f) => listener(f.stream, f.data)),
    onEnd: (listener) => ended.on(() => listener(failure)),
    close: () => source.close(),
  };
}
