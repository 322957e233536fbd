/**
 * A SPDY control frame of `type` with `payload`, any version and flags: tests and fuzzers build well-formed and
 * malformed frames with it (the session's own encoder writes version 3 frames only).
 */
export function controlFrame(type: number, payload: Uint8Array, { version = 3, flags = 0 } = {}): Uint8Array {
  const frame = new Uint8Array(8 + payload.length);
  const v = new DataView(frame.buffer);
  v.setUint16(0, 0x8000 | version);
  v.setUint16(2, type);
  v.setUint32(4, (flags << 24) | payload.length);
  frame.set(payload, 8);
  return frame;
}
