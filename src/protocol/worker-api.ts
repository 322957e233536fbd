import type { LessonCatalog, LessonCompletion, LessonDraft, OpenPackResult, StepRef, StepStatus } from './lessons.js';
import type { PreviewReply, WorkerEvent } from './worker-events.js';

/**
 * The one API the page calls on the VM worker (through Comlink). Everything the emulator does happens behind it, so
 * the page never blocks on v86. Streams (terminal output, progress, file and port changes) do not come back as
 * return values: they arrive as {@link WorkerEvent}s on the MessagePort handed to {@link WorkerApi.subscribe}.
 */
export interface WorkerApi {
  /** Deliver every event to this port (transfer it). Several subscribers may exist (the page and a test). */
  subscribe(port: MessagePort): void;

  /** Start (or restore) the VM. Resolves once the guest link answers; progress arrives as `vm/progress`. */
  boot(options?: BootOptions): Promise<BootResult>;
  /** Throw the running VM away and restore the clean snapshot (the learner's workspace is NOT restored). */
  reset(): Promise<BootResult>;
  /** Where the VM stands now (a page that reloads or re-subscribes asks once, then follows events). */
  status(): VmStatus;

  /** Start a login shell under a PTY of this size; output arrives as `term/output`, its end as `term/exit`. */
  openTerminal(size: TermSize): Promise<string>;
  /** Keystrokes or pasted text, as xterm.js hands them over. */
  writeTerminal(id: string, data: string): void;
  resizeTerminal(id: string, size: TermSize): void;
  closeTerminal(id: string): void;

  /** Every file and folder below the workspace root (paths relative to it). */
  listWorkspace(): Promise<WorkspaceEntry[]>;
  /** Read a workspace file as UTF-8 text. Path is relative to the workspace root. */
  readWorkspaceFile(path: string): Promise<string>;
  /** Create or replace a workspace file (and remember it for the next visit). */
  writeWorkspaceFile(path: string, text: string): Promise<void>;
  /** Poll the workspace for changes made in the terminal while the page shows the file tree. */
  watchWorkspace(enabled: boolean): void;

  /** TCP ports listening in the guest (a container's published port, a NodePort), with what opened them. */
  listPorts(): Promise<OpenPort[]>;
  /** Poll the open ports while the preview pane is shown; changes arrive as `ports/changed`. */
  watchPorts(enabled: boolean): void;
  /**
   * Serve previews: each message on this port is a {@link PreviewRequest}, answered on the request's own reply port
   * (the page hands over what the Wharf server's preview relay receives for this page's preview origin).
   */
  servePreview(port: MessagePort): void;

  /** JSON Schema of the Kubernetes kinds the API server serves (generated from its OpenAPI), for the YAML editor. */
  kubernetesSchema(): Record<string, unknown>;
  /** What to offer at a 1-based line and column of a lesson.md's text (frontmatter, check kinds and fields). */
  lessonCompletions(text: string, line: number, column: number): LessonCompletion[];

  /**
   * Every lesson: the build's (the ones that loaded, and each broken one with its errors: file, line, what) and the
   * ones the learner opened from shared files, kept in this browser.
   */
  lessons(): Promise<LessonCatalog>;
  /**
   * Set the running VM up for a lesson: its starting files into the workspace, then its setup.sh (once the Kubernetes
   * node is ready, for a lesson that needs it). Progress arrives as `lesson/task`, the end as `lesson/task-end`.
   * Rejects when setup.sh fails. A clean start is `reset()` first.
   */
  prepareLesson(lesson: string): Promise<void>;
  /** Do every step before `target.step` by its solution, in order, out of sight (jump to a step). Reports as above. */
  fastForward(target: StepRef): Promise<void>;
  /** Run this step's checks whenever what they read changes (undefined: stop); results arrive as `lesson/status`. */
  watchStep(target: StepRef | undefined): void;
  /** Run the watched step's checks now (the Check button); a pass counts at once. */
  checkStep(): Promise<StepStatus | undefined>;
  /** The learner's answer to one of a lesson's quizzes (indexes of the picked choices); also restores saved ones. */
  answerQuiz(lesson: string, quizId: string, choices: number[]): void;

  /** Open a lesson pack (the text or bytes of a `.wharf-lesson.json` file) and keep it; a bad one changes nothing. */
  openLessonPack(input: string | Uint8Array, from: string): Promise<OpenPackResult>;
  /** Fetch a lesson pack from an http(s) URL once (size-capped) and open it as above; a failed fetch says why. */
  fetchLessonPack(url: string): Promise<OpenPackResult>;
  /** Forget an opened pack and its lessons. */
  removeLessonPack(id: string): Promise<void>;

  /** Workspace folders that hold a lesson.md (author mode's list), relative to the workspace root. */
  lessonFolders(): Promise<string[]>;
  /** Write a starter lesson into a new workspace folder (rejects when the name is bad or the folder exists). */
  createLessonFolder(folder: string): Promise<void>;
  /**
   * Author mode: load the lesson in this workspace folder, then again whenever a file under it changes; every
   * version arrives as `lesson/draft`. Its steps are watched, prepared and fast-forwarded like any lesson, by the
   * draft's slug. One draft at a time.
   */
  openLessonDraft(folder: string): Promise<LessonDraft>;
  /** Stop following the draft. */
  closeLessonDraft(): void;
  /** The draft as one lesson pack file, to download and share. Rejects while the draft does not load. */
  packLessonDraft(): Promise<{ fileName: string; text: string }>;
}

export interface BootOptions {
  /** Where the VM assets are served (`/vm/` from the dev/preview server). @default "/vm/" */
  assetBase?: string;
}

export interface BootResult {
  /** Milliseconds from `boot()` to the guest link answering. */
  readyMs: number;
  /** True when the VM came from the pre-booted snapshot (false: a cold boot). */
  restored: boolean;
}

export type VmStatus =
  { state: 'idle' } | { state: 'booting'; phase: BootPhase } | { state: 'ready' } | { state: 'failed'; error: VmError };

/**
 * Where the start is. After `vm/ready` the VM keeps working in the background: `warming` (a warm-up step started:
 * `loaded` is its number from 1, `total` how many there are), `warm` (the warm-up finished),
 * `node-queued` (the Kubernetes node waits for the learner's terminal to be quiet), `node` (its set-up started),
 * `node-ready` / `node-failed` (it finished).
 */
export type BootPhase =
  | 'download'
  | 'restore'
  | 'boot'
  | 'connect'
  | 'warming'
  | 'warm'
  | 'node-queued'
  | 'node'
  | 'node-ready'
  | 'node-failed';

/** Why the VM is unusable; the page maps each kind to its own error screen. */
export interface VmError {
  kind: 'no-webassembly' | 'out-of-memory' | 'crashed' | 'assets-missing' | 'unknown';
  message: string;
}

export interface TermSize {
  cols: number;
  rows: number;
}

export interface WorkspaceEntry {
  /** Relative to the workspace root, '/'-separated, no leading slash. */
  path: string;
  kind: 'file' | 'dir';
  size: number;
  /** Modification time, ms since the epoch. */
  mtimeMs: number;
}

export interface OpenPort {
  port: number;
  /** What published it, for the label ("nginx (web-1)", "service/web"); the port alone when unknown. */
  label?: string;
}

/** One HTTP request for a guest port, as the preview relay received it. Bodies are whole (bounded by the relay). */
export interface PreviewRequest {
  guestPort: number;
  method: string;
  /** Path and query inside the guest app ("/index.html?x=1"). */
  path: string;
  headers: [string, string][];
  body?: ArrayBuffer;
  /** Answer here with {@link PreviewReply} messages. */
  reply: MessagePort;
}

/** The workspace folder in the guest that the editor shows and that survives a page reload. */
export const WORKSPACE_ROOT = '/root/workspace';

export type { PreviewReply, WorkerEvent };
export type * from './lessons.js';
