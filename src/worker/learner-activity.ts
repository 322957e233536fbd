import type { Disposable } from '../protocol/byte-stream.js';
import { Listeners } from '../protocol/listeners.js';

/**
 * Is the learner using a terminal right now? The background warm-up runs guest commands on the guest's one CPU; a
 * step that starts while the learner's own command runs slows that command down (in Chromium a `docker run` typed
 * during the warm-up took 15 s instead of a few). So the warm-up waits before each step until the learner is idle:
 * no command running in any terminal (from Enter until the shell's prompt shows again) and nothing typed or printed
 * for a moment. A learner who types without pause needs no warm-up: their own commands warm the same paths. (A
 * learner who changes PS1 so the mark below never shows gets no more warm-up steps after their next command: only
 * slower first runs, nothing breaks.)
 */

/** What bash prints in every prompt (image/rootfs/root/.bashrc: PS1 colours `root@wharf`, then resets). */
const PROMPT_MARK = 'root@wharf\x1b[0m:';
/** How long the terminals must have been quiet. */
export const QUIET_MS = 2000;
const POLL_MS = 250;

export class LearnerActivity {
  private lastActivity = 0;
  /** Terminals with a command running, and the last bytes each printed (a prompt can span two output chunks). */
  private readonly running = new Map<string, string>();
  private readonly finished = new Listeners<[]>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  input(id: string, data: string): void {
    this.lastActivity = this.now();
    if (/[\r\n]/.test(data)) this.running.set(id, '');
  }

  output(id: string, data: Uint8Array): void {
    this.lastActivity = this.now();
    const tail = this.running.get(id);
    if (tail === undefined) return;
    const text = tail + new TextDecoder().decode(data);
    if (text.includes(PROMPT_MARK)) {
      this.running.delete(id);
      this.finished.emit();
    } else this.running.set(id, text.slice(-PROMPT_MARK.length));
  }

  /** Called each time a command the learner typed finishes (its terminal shows the prompt again). */
  onCommandFinished(listener: () => void): Disposable {
    return this.finished.add(listener);
  }

  /** The terminal closed or its shell exited. */
  closed(id: string): void {
    this.running.delete(id);
  }

  /** The VM was reset: every terminal is gone. */
  reset(): void {
    this.running.clear();
  }

  isIdle(): boolean {
    return this.running.size === 0 && this.now() - this.lastActivity >= QUIET_MS;
  }

  /** Resolves once the learner is idle (at once if they are). */
  async idle(): Promise<void> {
    while (!this.isIdle()) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
