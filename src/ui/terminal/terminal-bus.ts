/** The terminal commands go to: the tab shown, while its shell is attached. */
export interface TerminalTarget {
  /** The tab's title ("Terminal 1"), for "typed into Terminal 1". */
  title: string;
  write(data: string): void;
}

/**
 * How the rest of the page types into a terminal without knowing the tabs: TerminalTabs registers the active tab's
 * shell here, the lesson pane's Run and Show me buttons type through it. What is typed shows in the terminal as if
 * the learner had typed it (the shell echoes it), and counts as the learner's command for the lesson checks.
 */
export class TerminalBus {
  private target: TerminalTarget | undefined;
  private readonly subs = new Set<() => void>();

  setTarget(target: TerminalTarget | undefined): void {
    this.target = target;
    for (const s of this.subs) s();
  }

  /** Whether a shell is there to type into (the buttons are disabled without one). */
  ready = (): boolean => this.target !== undefined;

  subscribe = (fn: () => void): (() => void) => {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  };

  /**
   * Type these commands, each line followed by Enter (a carriage return, as the Enter key sends). Returns the
   * terminal's title, or undefined when no shell is attached.
   */
  run(commands: string): string | undefined {
    const target = this.target;
    if (!target) return undefined;
    const lines = commands.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
    target.write(`${lines.replace(/\n/g, '\r')}\r`);
    return target.title;
  }
}
