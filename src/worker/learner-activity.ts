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

/** A terminal the learner typed into. */
interface Shell {
  /**
   * Lines sent that have not had their prompt back yet. Lines typed ahead (a paste, Show me's solution, Run on a
   * block of commands) each get a prompt of their own when bash reaches them, and each is a finished command.
   */
  pending: number;
  /** The shell shows its prompt and waits: nothing but the prompt (and typing) since its last prompt mark. */
  atPrompt: boolean;
  /** The last bytes it printed (a prompt mark can span two output chunks). */
  tail: string;
}

export class LearnerActivity {
  private lastActivity = 0;
  private readonly shells = new Map<string, Shell>();
  private readonly finished = new Listeners<[]>();
  private readonly started = new Listeners<[]>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  input(id: string, data: string): void {
    this.lastActivity = this.now();
    const lines = data.match(/\r\n|\r|\n/g)?.length ?? 0;
    if (!lines) return;
    const shell = this.shells.get(id) ?? { pending: 0, atPrompt: false, tail: '' };
    shell.pending += lines;
    shell.atPrompt = false;
    this.shells.set(id, shell);
    this.started.emit();
  }

  /** Called each time the learner sends a line (Enter, a paste, Run, Show me): a command may start now. */
  onCommandStarted(listener: () => void): Disposable {
    return this.started.add(listener);
  }

  output(id: string, data: Uint8Array): void {
    this.lastActivity = this.now();
    const shell = this.shells.get(id);
    if (!shell) return;
    const text = shell.tail + new TextDecoder().decode(data);
    const parts = text.split(PROMPT_MARK);
    for (let i = 1; i < parts.length; i++) {
      if (shell.pending === 0) continue; // a prompt no command of the learner's asked for
      shell.pending--;
      this.finished.emit();
    }
    if (parts.length > 1) shell.atPrompt = !/[\r\n]/.test(parts[parts.length - 1]!);
    else if (/[\r\n]/.test(text)) shell.atPrompt = false;
    // Short of a whole mark, so a mark at the end of this chunk is not counted again with the next one.
    shell.tail = text.slice(-(PROMPT_MARK.length - 1));
  }

  /** Called each time a command the learner typed finishes (its terminal shows the prompt again). */
  onCommandFinished(listener: () => void): Disposable {
    return this.finished.add(listener);
  }

  /** The terminal closed or its shell exited. */
  closed(id: string): void {
    this.shells.delete(id);
  }

  /** The VM was reset: every terminal is gone. */
  reset(): void {
    this.shells.clear();
  }

  /**
   * No command runs: every terminal has had a prompt back for each line sent, or shows its prompt and waits (lines
   * that were not commands, such as the body of a here-document, never get a prompt of their own).
   */
  isIdle(): boolean {
    for (const shell of this.shells.values()) if (shell.pending > 0 && !shell.atPrompt) return false;
    return this.now() - this.lastActivity >= QUIET_MS;
  }

  /** Resolves once the learner is idle (at once if they are). */
  async idle(): Promise<void> {
    while (!this.isIdle()) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
