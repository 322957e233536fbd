/** What every lint reads about one loaded lesson, built once. */
import type { LessonError } from '../lesson-error.js';
import { outlineLesson, type LessonOutline } from './lesson-outline.js';
import { commandEffects, type CommandEffects } from './script-effects.js';
import { readScript, type ScriptSource, type ShellCommand } from './shell-script.js';

export interface LintContext {
  /** The lesson's folder with a trailing slash, as in the files map (`lessons/first-containers/`). */
  root: string;
  /** lesson.md's path in the files map. */
  source: string;
  /** Every file of the lesson's folder, by its path inside the folder (`lesson.md`, `files/web.yaml`). */
  folder: Readonly<Record<string, string>>;
  /** `files/`, by workspace path (`web.yaml`). */
  workspace: Readonly<Record<string, string>>;
  outline: LessonOutline;
  /** setup.sh, then each step's solution, in the order they run; each command with what it does. */
  scripts: LessonScript[];
}

export interface LessonScript {
  /** The file its lines are in: setup.sh's path, or lesson.md's. */
  file: string;
  /** Step index in `outline.steps`, or undefined for setup.sh. */
  step?: number;
  commands: { command: ShellCommand; effects: CommandEffects }[];
}

/** A lint finds mistakes in one lesson that loaded. */
export type Lint = (lesson: LintContext) => LessonError[];

export function lintContext(files: Readonly<Record<string, string>>, source: string): LintContext {
  const root = source.slice(0, -'lesson.md'.length);
  const folder: Record<string, string> = {};
  const workspace: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) {
    if (!path.startsWith(root)) continue;
    const inside = path.slice(root.length);
    folder[inside] = text;
    if (inside.startsWith('files/')) workspace[inside.slice('files/'.length)] = text;
  }
  const outline = outlineLesson(source, folder['lesson.md'] ?? '');
  const script = (file: string, sources: readonly ScriptSource[], step?: number): LessonScript => ({
    file,
    ...(step !== undefined ? { step } : {}),
    commands: sources.flatMap((s) => readScript(s)).map((command) => ({ command, effects: commandEffects(command) })),
  });
  const setup = folder['setup.sh'];
  const scripts = [
    ...(setup !== undefined ? [script(`${root}setup.sh`, [{ text: setup, line: 1 }])] : []),
    ...outline.steps.map((step, index) => script(source, step.solution, index)),
  ];
  return { root, source, folder, workspace, outline, scripts };
}
