import type { ByteStream } from '../../protocol/byte-stream.js';
import type {
  ExecOptions,
  ExecResult,
  GuestConnectTarget,
  GuestLink,
  GuestProcess,
  SpawnOptions,
} from '../../protocol/guest-link.js';
import { GuestFileError } from '../../protocol/guest-link.js';

const enc = new TextEncoder();

/** A spawned process the test drives: it records stdin and resizes and emits whatever the test pushes. */
export class FakeProcess implements GuestProcess {
  readonly pid = 100;
  readonly input: string[] = [];
  readonly sizes: [number, number][] = [];
  readonly signals: number[] = [];
  private listeners: ((d: Uint8Array) => void)[] = [];
  private resolveExit!: (v: { exitCode: number }) => void;
  readonly exited = new Promise<{ exitCode: number }>((r) => (this.resolveExit = r));
  readonly stdin = {
    write: (data: Uint8Array | string) =>
      void this.input.push(typeof data === 'string' ? data : new TextDecoder().decode(data)),
    end: () => undefined,
  };
  constructor(
    readonly argv: readonly string[],
    readonly options: SpawnOptions,
  ) {}
  onStdout(l: (d: Uint8Array) => void) {
    this.listeners.push(l);
    return { dispose: () => void (this.listeners = this.listeners.filter((x) => x !== l)) };
  }
  onStderr() {
    return { dispose: () => undefined };
  }
  output(text: string): void {
    for (const l of this.listeners) l(enc.encode(text));
  }
  resize(cols: number, rows: number): void {
    this.sizes.push([cols, rows]);
  }
  kill(signal = 15): void {
    this.signals.push(signal);
    this.resolveExit({ exitCode: 128 + signal });
  }
  exit(exitCode: number): void {
    this.resolveExit({ exitCode });
  }
}

/**
 * An in-memory stand-in for the guest link, for protocol unit tests only (VM tests use the real guest). It knows
 * just the commands the worker runs: `mkdir -p` and the workspace `find -printf` listing.
 */
export class FakeGuest implements GuestLink {
  readonly files = new Map<string, { data: Uint8Array; mtime: number }>();
  readonly processes: FakeProcess[] = [];
  readonly execs: string[][] = [];
  connectHandler: ((target: GuestConnectTarget) => Promise<ByteStream>) | undefined;
  private clock = 1_700_000_000;

  async exec(argv: readonly string[], _options?: ExecOptions): Promise<ExecResult> {
    this.execs.push([...argv]);
    if (argv[0] === 'find') {
      const root = argv[1]!;
      const dirs = new Set<string>();
      const records: string[] = [];
      for (const [path, f] of this.files) {
        if (!path.startsWith(`${root}/`)) continue;
        const rel = path.slice(root.length + 1);
        const parts = rel.split('/');
        for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
        records.push(`f ${f.data.length} ${f.mtime}.0000000000 ${rel}`);
      }
      for (const d of dirs) records.push(`d 4096 ${this.clock}.0 ${d}`);
      return { exitCode: 0, stdout: enc.encode(records.map((r) => `${r}\0`).join('')), stderr: new Uint8Array() };
    }
    return { exitCode: 0, stdout: new Uint8Array(), stderr: new Uint8Array() };
  }

  async spawn(argv: readonly string[], options: SpawnOptions = {}): Promise<GuestProcess> {
    const p = new FakeProcess(argv, options);
    this.processes.push(p);
    return p;
  }

  async readFile(path: string): Promise<Uint8Array> {
    const f = this.files.get(path);
    if (!f) throw new GuestFileError('ENOENT', path);
    return f.data.slice();
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    this.files.set(path, { data: typeof data === 'string' ? enc.encode(data) : data.slice(), mtime: ++this.clock });
  }

  async connect(target: GuestConnectTarget): Promise<ByteStream> {
    if (!this.connectHandler) throw new Error('connection refused');
    return this.connectHandler(target);
  }
}
