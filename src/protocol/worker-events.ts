import type { LessonDraft, LessonTask, StepStatus } from './lessons.js';
import type { BootPhase, OpenPort, VmError, WorkspaceEntry } from './worker-api.js';

/**
 * Everything the VM worker tells the page without being asked, as one discriminated union (namespaced by domain:
 * `vm/`, `term/`, `fs/`, `ports/`, `lesson/`). Posted on the MessagePort given to `WorkerApi.subscribe`.
 */
export type WorkerEvent = VmStatusEvent | TermEvent | FsEvent | PortsEvent | LessonEvent;

/**
 * The VM as the page shows it: start-up progress, ready, a failure, gone. The worker derives these from the runtime's
 * lifecycle events (`VmEvent`, src/protocol/vm-events.ts) and its own start-up steps.
 */
export type VmStatusEvent =
  | {
      type: 'vm/progress';
      phase: BootPhase;
      /** Bytes fetched so far in this phase and the total when known (the download phase). */
      loaded?: number;
      total?: number;
      /** Short human text ("Restoring the snapshot"). */
      message: string;
    }
  /** `warmingUp`: a background warm-up is still to come (a `warm` progress event follows). */
  | { type: 'vm/ready'; readyMs: number; restored: boolean; warmingUp: boolean }
  | { type: 'vm/error'; error: VmError }
  /** The VM went away (reset or crash): every terminal is gone; the page offers to reconnect. */
  | { type: 'vm/stopped'; reason: string };

export type TermEvent =
  /** Output of one terminal, batched (one message per few milliseconds, not per byte). */
  { type: 'term/output'; id: string; data: Uint8Array } | { type: 'term/exit'; id: string; exitCode: number };

export type FsEvent =
  | { type: 'fs/changed'; path: string; change: 'created' | 'modified' | 'deleted'; entry?: WorkspaceEntry }
  /**
   * Workspace files from the last visit were written back into the guest after boot; `notRestored` names the ones
   * that could not come back (too large when last seen, or their write into the guest failed) and why.
   */
  | { type: 'fs/restored'; count: number; notRestored: UnsavedFile[] }
  /** The files whose current content would not come back after a reload, and why (empty: everything is kept). */
  | { type: 'fs/unsaved'; files: UnsavedFile[] };

export interface UnsavedFile {
  /** Relative to the workspace root; empty when it is about the whole workspace (its storage could not be read). */
  path: string;
  /** Plain words for the learner ("larger than 1 MB (3.2 MB)", "the browser's storage for this site is full"). */
  reason: string;
  /** The save is tried again by itself (a failure that may pass). */
  retrying: boolean;
}

export type PortsEvent = { type: 'ports/changed'; ports: OpenPort[] };

/** What the worker answers on a preview request's reply port, in order: head, body chunks, end (or an error). */
export type PreviewReply =
  | { type: 'head'; status: number; statusText: string; headers: [string, string][] }
  | { type: 'body'; chunk: Uint8Array }
  | { type: 'end' }
  | { type: 'error'; status: number; message: string };

export type LessonEvent =
  /** The watched step's checks ran (after a change they read, or `checkStep`). */
  | { type: 'lesson/status'; lesson: string; status: StepStatus }
  /** Preparing a lesson or fast-forwarding through its steps: what is being done now. */
  | { type: 'lesson/task'; task: LessonTask }
  /** That work ended; `error` says why it stopped short (setup.sh failed, a solution failed, the VM went away). */
  | { type: 'lesson/task-end'; lesson: string; error?: string }
  /** A fast-forward answered a quiz for the learner: the page records it like one the learner gave. */
  | { type: 'lesson/quiz-answered'; lesson: string; quizId: string; choices: number[] }
  /** Author mode: the draft as it reads now (after a file under its folder changed); undefined when it closed. */
  | { type: 'lesson/draft'; draft: LessonDraft | undefined };
