import { WORKSPACE_ROOT } from '../protocol/worker-api.js';

/**
 * The learner's terminal: a login bash in the workspace. One definition, because two places must agree on it byte for
 * byte: the worker opens terminals with it (TerminalSessions) and scripts/make-snapshot.ts starts the spare login
 * shell kept in the saved state with it; the guest agent hands that spare only to an identical request (argv, cwd,
 * env — the size may differ).
 */
export const TERMINAL_COMMAND: {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
} = Object.freeze({
  argv: Object.freeze(['bash', '-l']),
  cwd: WORKSPACE_ROOT,
  env: Object.freeze({ TERM: 'xterm-256color', COLORTERM: 'truecolor', LANG: 'C.UTF-8' }),
});

/** The spare shell's PTY size until a terminal adopts it (the agent then resizes it to the terminal's). */
export const SPARE_TERMINAL_SIZE = { cols: 80, rows: 24 } as const;
