/**
 * Lessons as they cross from the worker to the page: the lesson itself (already validated by src/lessons), where a
 * step stands, and what keeps a lesson from loading. The engine's own types (src/lessons/lesson.ts) extend these with
 * the typed check specs only the worker reads.
 */

/** What a check found: done, still settling (a pod exists but is not Ready yet), or not done. */
export type CheckState = 'pass' | 'pending' | 'fail';

export interface LessonView {
  /** The lesson's folder name: its id in progress records, URLs and prerequisites. */
  slug: string;
  /** The lesson.md path it was loaded from (for messages). */
  source: string;
  meta: LessonMetaView;
  /** Markdown before the first step (untrusted: the pane sanitizes it when rendering). */
  intro: string;
  steps: StepView[];
  /** Markdown of the `## Finish` section, shown once every step is done. */
  finish?: string;
  /** The starting workspace: path inside the workspace -> text, from the lesson's files/ folder. */
  files: Record<string, string>;
  /** setup.sh: run in the guest (sh, in the workspace) after the files are written and before the first step. */
  setup?: string;
}

export interface LessonMetaView {
  title: string;
  summary: string;
  level: string;
  minutes: number;
  prerequisites?: string[] | undefined;
  needsKubernetes: boolean;
}

export interface StepView {
  /** From the title (`## Step: Scale it to three` -> `scale-it-to-three`); unique in the lesson. */
  id: string;
  title: string;
  /** The step's text, without its check blocks and its hint, solution and quiz sections. */
  body: string;
  /** All must pass for the step to be done. A step's quiz adds one check of kind `quiz`. */
  checks: CheckView[];
  /** States the step cannot do without: one failing means the learner is stuck (e.g. its namespace was deleted). */
  requires: CheckView[];
  /** In the order written: the pane reveals them one at a time; conditional ones only while their condition holds. */
  hints: Hint[];
  solution?: Solution;
  quiz?: Quiz;
}

export interface CheckView {
  id: string;
  /** The check's kind (`kubernetes.ready-pods`, `docker.container`, ...). */
  check: string;
  title?: string | undefined;
}

export interface Hint {
  /** Markdown. */
  text: string;
  /** Show the hint only while a check is in this state (and, with `code`, failed or waits for this reason). */
  when?: { check: string; state: CheckState; code?: string };
}

export interface Solution {
  /** Markdown, shown when the learner asks for the solution. */
  text: string;
  /** The shell commands of its ```sh blocks, in order: what Show me types and the lesson tests run. */
  commands: string;
}

export interface Quiz {
  id: string;
  /** Markdown. */
  question: string;
  choices: { text: string; correct: boolean }[];
  /** Markdown shown once answered (the text after the choices). */
  explanation?: string;
}

/** Where in a lesson's files something is wrong, and what: the loader's unit of feedback to an instructor. */
export interface LessonError {
  /** The file's path as the loader was given it, e.g. `lessons/first-containers/lesson.md`. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

/** Every lesson in the build: the ones that loaded, and the ones that did not with why (the others load regardless). */
export interface LessonCatalog {
  lessons: LessonView[];
  broken: { slug: string; source: string; errors: LessonError[] }[];
  /** Lessons the learner opened from a shared file or URL, kept in this browser (see {@link OpenedPack}). */
  opened: OpenedPack[];
}

/**
 * Lessons opened from one shared file (a lesson pack) and kept in this browser. Each lesson's `slug` is namespaced
 * (`opened.<slug>`, see {@link OPENED_PREFIX}): it never collides with a built-in lesson, and its progress is kept
 * apart from theirs.
 */
export interface OpenedPack {
  /** Its id in the browser's storage (remove it with this). */
  id: string;
  /** The pack's title, else its lessons' titles. */
  title: string;
  /** Where it came from: the file's name or the URL. */
  from: string;
  /** When it was opened, ms since the epoch. */
  openedAt: number;
  lessons: LessonView[];
}

/** What opening a lesson pack did: the lessons it added (their namespaced slugs), or why it changed nothing. */
export type OpenPackResult =
  { ok: true; pack: string; title: string; lessons: string[]; replaced: string[] } | { ok: false; error: string };

/** Opened lessons' slugs are this prefix and the slug the pack gave them. */
export const OPENED_PREFIX = 'opened.';
/** The lesson being written in author mode is known as this prefix and its folder's name. */
export const DRAFT_PREFIX = 'draft.';

/**
 * A lesson being written in the workspace (author mode), as the loader reads it now. The worker re-reads the folder
 * when a file under it changes and sends the new draft as `lesson/draft`.
 */
export interface LessonDraft {
  /** Its folder, relative to the workspace root (`my-lesson`, `course/intro`). */
  folder: string;
  /** Its slug in the pane, progress and the worker's calls: `draft.<folder name>`. */
  slug: string;
  /** The lesson as a learner will see it, when it loads (its `slug` is the draft's). */
  lesson?: LessonView;
  /** Why it does not load: file (relative to the workspace root), line, column, message. Empty when it loads. */
  errors: LessonError[];
  /** The folder could not be read at all (it is gone, the VM is not running): in plain words. */
  problem?: string;
}

/** One check's result as the pane shows it. */
export interface CheckResult {
  id: string;
  /** The check's title, when the lesson gave one. */
  title?: string;
  state: CheckState;
  /** Why, as a stable word hints match (`not-ready`, `too-few`, ...); `ok` for a pass. */
  code: string;
  /** The same in a sentence, in the learner's terms: "found 2 ready pods matching app=nginx, want 3". */
  reason: string;
}

/** Where a step stands: what the step watcher reports after each evaluation. */
export interface StepStatus {
  stepId: string;
  /** The step's checks (a Kubernetes pass shows once the cluster is at rest; see StepWatcher). */
  checks: CheckResult[];
  /** `requires` checks that fail: the learner cannot finish the step without a reset (empty when all is well). */
  blocked: CheckResult[];
  /** Every check passed. Once true it stays true for this watcher: a finished step is not taken back. */
  complete: boolean;
  /** The hints to offer now (see applicableHints), as indexes into the step's `hints`. */
  hints: number[];
}

/** The step the worker watches: one lesson's one step. */
export interface StepRef {
  lesson: string;
  step: string;
}

/** What the worker is doing to a lesson's VM state (setting it up, fast-forwarding through solutions). */
export interface LessonTask {
  lesson: string;
  /** Plain words: "Writing the lesson's files", "Running setup.sh", "Step 2 of 4: Scale it to three". */
  message: string;
  /** Steps done of steps to do, when the work is counted. */
  done?: number;
  total?: number;
}

/** Something an editor may offer to type at a place in a lesson.md (from the lesson format's schema). */
export interface LessonCompletion {
  /** What the list shows. */
  label: string;
  /** What choosing it types in place of the word at the cursor. */
  insertText: string;
  /** What the field or value means. */
  detail: string;
  kind: 'field' | 'value';
}
