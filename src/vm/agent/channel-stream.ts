import type { ByteStream } from '../../protocol/byte-stream.js';
import type { Channel } from './channel.js';

/** A connected guest socket as a ByteStream (write/end map to DATA/EOF, close to CLOSE). */
export function channelStream(channel: Channel): ByteStream {
  return {
    write: (data) => channel.write(data),
    end: () => channel.end(),
    close: () => channel.abort(),
    onData: (listener) => channel.stdout.on(listener),
    onEnd: (listener) => channel.eof.on(listener),
    onClose: (listener) => channel.ended.on((end) => listener(end.error)),
  };
}
