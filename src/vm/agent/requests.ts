import { concatBytes } from '../../protocol/bytes.js';
import { u32 } from './frame.js';

const encoder = new TextEncoder();

function cstrings(values: readonly string[]): Uint8Array {
  const parts = values.map((v) => {
    if (v.includes('\0')) throw new TypeError(`argument contains a NUL byte: ${JSON.stringify(v)}`);
    return encoder.encode(`${v}\0`);
  });
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export interface ExecRequest {
  argv: readonly string[];
  env?: Record<string, string>;
  cwd?: string;
  tty?: { cols: number; rows: number };
  /** `start`: keep the process as the agent's spare; `adopt`: take over the spare if its request matches. */
  spare?: 'start' | 'adopt';
}

/** EXEC flags (see wharf-agent.c). */
const EXEC_PTY = 1;
const EXEC_SPARE = 2;
const EXEC_ADOPT_SPARE = 4;

/** EXEC payload: u32 flags, u16 cols, u16 rows, u32 argc, u32 envc, then cwd, argv, env as C strings. */
export function encodeExec(req: ExecRequest): Uint8Array {
  if (req.argv.length === 0 || req.argv[0] === '') throw new TypeError('exec: argv must name a program');
  const env = Object.entries(req.env ?? {}).map(([k, v]) => {
    if (!k || k.includes('=')) throw new TypeError(`exec: invalid environment variable name ${JSON.stringify(k)}`);
    return `${k}=${v}`;
  });
  const head = new Uint8Array(16);
  const view = new DataView(head.buffer);
  const spare = req.spare === 'start' ? EXEC_SPARE : req.spare === 'adopt' ? EXEC_ADOPT_SPARE : 0;
  view.setUint32(0, (req.tty ? EXEC_PTY : 0) | spare, true);
  view.setUint16(4, req.tty?.cols ?? 0, true);
  view.setUint16(6, req.tty?.rows ?? 0, true);
  view.setUint32(8, req.argv.length, true);
  view.setUint32(12, env.length, true);
  return concatBytes([head, cstrings([req.cwd ?? '/root', ...req.argv, ...env])]);
}

export function encodePath(path: string): Uint8Array {
  if (!path || path.includes('\0')) throw new TypeError(`invalid path ${JSON.stringify(path)}`);
  return encoder.encode(path);
}

export function encodeWrite(path: string, mode: number | undefined): Uint8Array {
  return concatBytes([u32(mode ?? 0), encodePath(path)]);
}

export function encodeTcp(host: string | undefined, port: number): Uint8Array {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`invalid TCP port ${port}`);
  const out = new Uint8Array(2);
  new DataView(out.buffer).setUint16(0, port, true);
  return concatBytes([out, encoder.encode(host ?? '')]);
}

export function encodeResize(cols: number, rows: number): Uint8Array {
  const out = new Uint8Array(4);
  const view = new DataView(out.buffer);
  view.setUint16(0, Math.max(1, Math.min(65535, cols | 0)), true);
  view.setUint16(2, Math.max(1, Math.min(65535, rows | 0)), true);
  return out;
}
