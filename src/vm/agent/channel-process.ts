import type { ByteStreamWriter, GuestProcess } from '../../protocol/guest-link.js';
import type { Channel } from './channel.js';
import { FrameType, u32 } from './frame.js';
import { encodeResize } from './requests.js';

const encoder = new TextEncoder();

/** A running guest process on an exec channel. */
export function channelProcess(
  channel: Channel,
  pid: number,
  tty: boolean,
  send: (type: number, payload?: Uint8Array) => void,
): GuestProcess {
  const stdin: ByteStreamWriter = {
    write: (data) => channel.write(typeof data === 'string' ? encoder.encode(data) : data),
    end: () => channel.end(),
  };
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve, reject) => {
    channel.ended.on((end) => {
      if (end.exit) resolve(end.exit);
      else reject(end.error ?? new Error(`guest process ${pid} ended without an exit status`));
    });
  });
  // Callers that only stream output may never await `exited`; do not turn a link loss into an unhandled rejection.
  exited.catch(() => {});
  return {
    pid,
    stdin,
    onStdout: (listener) => channel.stdout.on(listener),
    onStderr: (listener) => channel.stderr.on(listener),
    resize: (cols, rows) => {
      if (tty && !channel.closed) send(FrameType.resize, encodeResize(cols, rows));
    },
    kill: (signal = 15) => {
      if (!channel.closed) send(FrameType.kill, u32(signal));
    },
    exited,
  };
}
