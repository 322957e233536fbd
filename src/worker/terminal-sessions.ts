import type { GuestLink, GuestProcess } from '../protocol/guest-link.js';
import type { TermSize } from '../protocol/worker-api.js';
import type { WorkerEvent } from '../protocol/worker-events.js';
import { OutputBatcher } from './output-batcher.js';
import { TERMINAL_COMMAND } from './terminal-command.js';

/** How long a closed terminal's shell has to end after SIGHUP before it is killed. */
const CLOSE_GRACE_MS = 5000;

interface Session {
  process: GuestProcess;
  output: OutputBatcher;
}

/**
 * The learner's terminals: one login bash per tab, each under its own PTY in the guest. Each asks to adopt the guest's
 * spare shell: a restored snapshot holds one that already printed its prompt, so the first terminal shows it at once
 * instead of waiting seconds for a login shell in a just-restored (JIT-cold) guest; later terminals start afresh.
 */
export class TerminalSessions {
  private readonly sessions = new Map<string, Session>();
  private next = 1;

  constructor(
    private readonly guest: () => GuestLink,
    private readonly emit: (event: WorkerEvent) => void,
  ) {}

  async open(size: TermSize): Promise<string> {
    const id = `t${this.next++}`;
    const process = await this.guest().spawn(TERMINAL_COMMAND.argv, {
      tty: clampSize(size),
      cwd: TERMINAL_COMMAND.cwd,
      env: { ...TERMINAL_COMMAND.env },
      adoptSpare: true,
    });
    const output = new OutputBatcher((data) => this.emit({ type: 'term/output', id, data }));
    this.sessions.set(id, { process, output });
    process.onStdout((data) => output.push(data));
    void process.exited.then(
      ({ exitCode }) => this.finish(id, exitCode),
      () => this.finish(id, -1),
    );
    return id;
  }

  /** False when the terminal has no shell any more (it exited, or the VM went away). */
  write(id: string, data: string): boolean {
    const session = this.sessions.get(id);
    session?.process.stdin.write(data);
    return session !== undefined;
  }

  resize(id: string, size: TermSize): void {
    const { cols, rows } = clampSize(size);
    this.sessions.get(id)?.process.resize(cols, rows);
  }

  close(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    // SIGHUP, as a terminal emulator does when its window closes; bash passes it on to its jobs. A shell that ignores
    // it (`trap '' HUP`, or caught mid-start) would stay in the guest for good: a closed tab ends it after a grace.
    session.process.kill(1);
    const forced = setTimeout(() => {
      if (this.sessions.get(id) === session) session.process.kill(9);
    }, CLOSE_GRACE_MS);
    void session.process.exited.finally(() => clearTimeout(forced)).catch(() => undefined);
  }

  /** The VM went away: the processes are gone with it; report each terminal as ended. */
  dropAll(): void {
    for (const id of [...this.sessions.keys()]) this.finish(id, -1);
  }

  private finish(id: string, exitCode: number): void {
    const session = this.sessions.get(id);
    if (!session) return;
    session.output.flush();
    this.sessions.delete(id);
    this.emit({ type: 'term/exit', id, exitCode });
  }
}

/** A pane being laid out can report 0 columns; a PTY of size 0 confuses full-screen programs. */
function clampSize(size: TermSize): TermSize {
  return {
    cols: Math.max(2, Math.min(1000, Math.floor(size.cols))),
    rows: Math.max(1, Math.min(500, Math.floor(size.rows))),
  };
}
