import type { GuestLink } from '../protocol/guest-link.js';
import { GuestLinkClosedError } from '../protocol/guest-link.js';
import { Listeners } from '../protocol/listeners.js';
import { commandPort, type LessonLoadResult } from '../lessons/index.js';
import type {
  LessonCatalog,
  LessonCompletion,
  LessonDraft,
  OpenPackResult,
  StepRef,
  StepStatus,
} from '../protocol/lessons.js';
import { lessonCompletions } from '../lessons/schema/lesson-completions.js';
import { LESSON_PACK_SUFFIX, lessonPackText } from '../lessons/pack/lesson-pack.js';
import { packLessons } from '../lessons/pack/pack-lessons.js';
import type {
  BootOptions,
  BootResult,
  OpenPort,
  PreviewRequest,
  TermSize,
  VmError,
  VmStatus,
  WorkerApi,
  WorkerEvent,
  WorkspaceEntry,
} from '../protocol/worker-api.js';
import { EventHub } from './event-hub.js';
import { LearnerActivity } from './learner-activity.js';
import { fetchLessonPack } from './fetch-lesson-pack.js';
import { LessonDraftWatcher, normalizeFolder } from './lesson-draft.js';
import { LessonSession } from './lesson-session.js';
import { badLessonFolder, starterLesson, titleFromFolder } from './lesson-template.js';
import { OpenedLessons } from './opened-lessons.js';
import { MemoryOpenedPackStore, type OpenedPackStore } from './opened-pack-store.js';
import { PortWatch } from './port-watch.js';
import { forwardPreview } from './preview-proxy.js';
import { TerminalSessions } from './terminal-sessions.js';
import type { VmInstance, VmLauncher } from './vm-launcher.js';
import type { WorkspaceStore } from './workspace-store.js';
import { WorkspaceSync } from './workspace-sync.js';
import { soleWriter, type WriterLock } from './writer-lock.js';

/**
 * The worker's API: owns the one VM and the services built on its guest link (terminals, workspace sync, ports,
 * preview). Exposed through Comlink by src/worker.ts; tests call it over a MessageChannel the same way.
 */
export class PlaygroundApi implements WorkerApi {
  private readonly hub = new EventHub();
  private vm: VmInstance | undefined;
  private booting: Promise<BootResult> | undefined;
  /**
   * Counts stops (a reset, a crash). A VM whose start began before the latest stop is no longer wanted when it comes
   * up: a Reset pressed while the VM was still restoring must not leave two emulators running in the worker.
   */
  private generation = 0;
  private state: VmStatus = { state: 'idle' };
  private readonly terminals: TerminalSessions;
  private readonly activity = new LearnerActivity();
  private readonly workspace: WorkspaceSync;
  private readonly ports: PortWatch;
  private readonly lessonSession: LessonSession;
  /** Author mode: the lesson folder being written in the workspace. */
  private readonly draft: LessonDraftWatcher;
  /** Lessons opened from shared files, kept in the browser. */
  private readonly opened: OpenedLessons;
  /** Who hears of workspace files changing (saved from the page, or seen by the workspace poll): lesson checks. */
  private readonly fileChanged = new Listeners<[path: string]>();

  constructor(
    private readonly launch: VmLauncher,
    store: WorkspaceStore,
    private readonly schema: () => Record<string, unknown> = () => ({}),
    /** Which tab saves the workspace (the browser: a Web Lock shared by every Wharf tab). */
    writerLock: WriterLock = soleWriter,
    /** The lessons in the build, as the loader read them. */
    lessons: readonly LessonLoadResult[] = [],
    /** Where opened lesson packs are kept (the browser: IndexedDB). */
    packs: OpenedPackStore = new MemoryOpenedPackStore(),
  ) {
    const emit = (event: WorkerEvent) => {
      if (event.type === 'fs/changed') this.fileChanged.emit(event.path);
      this.hub.emit(event);
    };
    this.terminals = new TerminalSessions(
      () => this.guest(),
      (event) => {
        // A shell printed something (its prompt): the learner can type, background work may start.
        if (event.type === 'term/output') {
          this.activity.output(event.id, event.data);
          this.vm?.shellShown?.();
        }
        if (event.type === 'term/exit') this.activity.closed(event.id);
        emit(event);
      },
    );
    this.workspace = new WorkspaceSync(() => this.guest(), store, emit, { lock: writerLock });
    this.ports = new PortWatch(
      () => this.guest(),
      emit,
      () => this.vm?.openPorts?.() ?? [],
    );
    this.lessonSession = new LessonSession({
      lessons,
      emit,
      ports: (quiz) =>
        this.vm?.lessonPorts?.({
          quiz,
          onWorkspaceChange: (listener) => this.fileChanged.add(listener),
          onActivity: (listener) => this.activity.onCommandFinished(listener),
        }),
      actions: () => {
        const guest = this.guest();
        return {
          writeFile: (path, text) => this.writeWorkspaceFile(path, text),
          run: commandPort(() => guest).run,
        };
      },
      kubernetesReady: async () => {
        const vm = this.vm;
        if (!vm) throw new GuestLinkClosedError('the VM is not running');
        await vm.kubernetesReady?.();
      },
    });
    const builtIn = lessons.flatMap((r) => (r.ok ? [r.slug] : []));
    this.opened = new OpenedLessons({
      store: packs,
      builtIn,
      changed: (opened) => this.lessonSession.setOpened(opened),
    });
    this.draft = new LessonDraftWatcher({
      list: () => this.workspace.list(),
      read: (path) => this.workspace.read(path),
      onFileChanged: (listener) => {
        const subscription = this.fileChanged.add(listener);
        return () => subscription.dispose();
      },
      knownSlugs: builtIn,
      publish: (draft, lesson) => {
        // A draft with errors keeps its last version that loaded running: the learner's view does not vanish.
        if (lesson || !draft) this.lessonSession.setDraft(lesson);
        this.hub.emit({ type: 'lesson/draft', draft });
      },
    });
  }

  subscribe(port: MessagePort): void {
    this.hub.add(port);
  }

  status(): VmStatus {
    return this.state;
  }

  boot(options: BootOptions = {}): Promise<BootResult> {
    if (this.booting) return this.booting;
    const booting = this.start(options, true).catch((error: unknown) => {
      if (this.booting === booting) this.booting = undefined;
      throw error;
    });
    this.booting = booting;
    return booting;
  }

  async reset(): Promise<BootResult> {
    await this.stopVm('reset');
    this.booting = this.start({}, false);
    return this.booting;
  }

  openTerminal(size: TermSize): Promise<string> {
    return this.terminals.open(size);
  }
  writeTerminal(id: string, data: string): void {
    // Keys for a terminal whose shell is gone (its tab offers Enter to reconnect) are no learner command.
    if (this.terminals.write(id, data)) this.activity.input(id, data);
  }
  resizeTerminal(id: string, size: TermSize): void {
    this.terminals.resize(id, size);
  }
  closeTerminal(id: string): void {
    this.activity.closed(id);
    this.terminals.close(id);
  }

  listWorkspace(): Promise<WorkspaceEntry[]> {
    return this.workspace.list();
  }
  readWorkspaceFile(path: string): Promise<string> {
    return this.workspace.read(path);
  }
  async writeWorkspaceFile(path: string, text: string): Promise<void> {
    await this.workspace.write(path, text);
    this.fileChanged.emit(path);
  }
  watchWorkspace(enabled: boolean): void {
    this.workspace.watch(enabled);
  }

  listPorts(): Promise<OpenPort[]> {
    return this.ports.list();
  }
  watchPorts(enabled: boolean): void {
    this.ports.watch(enabled);
  }

  servePreview(port: MessagePort): void {
    port.onmessage = (event: MessageEvent<PreviewRequest>) => {
      const req = event.data;
      if (!this.vm) {
        req.reply.postMessage({ type: 'error', status: 503, message: 'the VM is not running' });
        return;
      }
      void forwardPreview(this.vm.guest, req);
    };
  }

  kubernetesSchema(): Record<string, unknown> {
    return this.schema();
  }

  lessonCompletions(text: string, line: number, column: number): LessonCompletion[] {
    return lessonCompletions(text, line, column);
  }

  async lessons(): Promise<LessonCatalog> {
    await this.opened.load();
    return { ...this.lessonSession.catalog(), opened: this.opened.catalog() };
  }
  prepareLesson(lesson: string): Promise<void> {
    return this.lessonSession.prepare(lesson);
  }
  fastForward(target: StepRef): Promise<void> {
    return this.lessonSession.fastForward(target);
  }
  watchStep(target: StepRef | undefined): void {
    this.lessonSession.watch(target);
  }
  checkStep(): Promise<StepStatus | undefined> {
    return this.lessonSession.checkNow();
  }
  answerQuiz(lesson: string, quizId: string, choices: number[]): void {
    this.lessonSession.answerQuiz(lesson, quizId, choices);
  }

  openLessonPack(input: string | Uint8Array, from: string): Promise<OpenPackResult> {
    return this.opened.open(input, from);
  }
  async fetchLessonPack(url: string): Promise<OpenPackResult> {
    const fetched = await fetchLessonPack(url);
    if (!fetched.ok) return { ok: false, error: `The lesson at ${url} could not be opened: ${fetched.error}` };
    return this.opened.open(fetched.bytes, fetched.url);
  }
  removeLessonPack(id: string): Promise<void> {
    return this.opened.remove(id);
  }

  async lessonFolders(): Promise<string[]> {
    const entries = await this.workspace.list();
    return entries
      .filter((e) => e.kind === 'file' && e.path.endsWith('/lesson.md'))
      .map((e) => e.path.slice(0, -'/lesson.md'.length))
      .sort();
  }
  async createLessonFolder(folder: string): Promise<void> {
    const bad = badLessonFolder(folder);
    if (bad) throw new Error(bad);
    const entries = await this.workspace.list();
    if (entries.some((e) => e.path === folder || e.path.startsWith(`${folder}/`)))
      throw new Error(`the workspace already has “${folder}”: open it, or pick another name`);
    await this.writeWorkspaceFile(`${folder}/lesson.md`, starterLesson(titleFromFolder(folder)));
  }
  openLessonDraft(folder: string): Promise<LessonDraft> {
    return this.draft.open(normalizeFolder(folder));
  }
  closeLessonDraft(): void {
    this.draft.close();
  }
  async packLessonDraft(): Promise<{ fileName: string; text: string }> {
    const reading = this.draft.current();
    if (!reading) throw new Error('no lesson is open in author mode');
    if (!reading.lesson) throw new Error(`${reading.draft.folder} does not load yet: fix its errors, then download it`);
    const pack = packLessons(reading.files, { only: [reading.draft.folder] });
    const slug = pack.lessons[0]?.slug ?? 'lesson';
    return { fileName: `${slug}${LESSON_PACK_SUFFIX}`, text: lessonPackText(pack) };
  }

  private guest(): GuestLink {
    if (!this.vm) throw new GuestLinkClosedError('the VM is not running');
    return this.vm.guest;
  }

  private async start(options: BootOptions, restoreWorkspace: boolean): Promise<BootResult> {
    const started = performance.now();
    const generation = this.generation;
    const superseded = () => generation !== this.generation;
    this.state = { state: 'booting', phase: 'download' };
    try {
      const {
        vm,
        restored,
        warmingUp = false,
      } = await this.launch({
        assetBase: options.assetBase ?? '/vm/',
        learnerIdle: () => this.activity.idle(),
        onLearnerCommand: (listener) => this.activity.onCommandStarted(listener),
        onProgress: (p) => {
          if (superseded()) return;
          // Background work after ready (warm-up, the Kubernetes node) reports progress too: it is not a boot.
          if (this.state.state === 'booting') this.state = { state: 'booting', phase: p.phase };
          this.hub.emit({ type: 'vm/progress', ...p });
        },
      });
      if (superseded()) {
        await vm.stop().catch(() => undefined);
        throw new Error('the VM was reset while it started');
      }
      this.vm = vm;
      vm.onStopped((reason) => this.crashed(vm, reason));
      this.lessonSession.vmChanged();
      this.hub.emit({ type: 'vm/progress', phase: 'connect', message: 'Opening your workspace' });
      if (restoreWorkspace) await this.workspace.restore();
      else await this.workspace.restore().catch(() => 0);
      // A draft open across a reset reads its files again from the new VM (the workspace came back with them).
      if (this.draft.current()) void this.draft.reread().catch(() => undefined);
      if (superseded()) throw new Error('the VM was reset while it started');
      const readyMs = Math.round(performance.now() - started);
      this.state = { state: 'ready' };
      this.hub.emit({ type: 'vm/ready', readyMs, restored, warmingUp });
      return { readyMs, restored };
    } catch (error) {
      // The start that replaced this one owns the status.
      if (superseded()) throw error;
      const vmError = classify(error);
      this.state = { state: 'failed', error: vmError };
      this.hub.emit({ type: 'vm/error', error: vmError });
      throw error;
    }
  }

  private async stopVm(reason: string): Promise<void> {
    const vm = this.vm;
    this.vm = undefined;
    this.booting = undefined;
    this.generation++;
    this.ports.watch(false);
    this.terminals.dropAll();
    this.activity.reset();
    this.state = { state: 'idle' };
    this.lessonSession.vmChanged();
    if (vm) {
      this.hub.emit({ type: 'vm/stopped', reason });
      await vm.stop().catch(() => undefined);
    }
  }

  private crashed(vm: VmInstance, reason: string): void {
    if (this.vm !== vm) return;
    void this.stopVm(reason);
    const error: VmError = /memory/i.test(reason)
      ? { kind: 'out-of-memory', message: reason }
      : { kind: 'crashed', message: reason };
    this.state = { state: 'failed', error };
    this.hub.emit({ type: 'vm/error', error });
  }
}

/** Turn a launch failure into the error screen the page should show. */
export function classify(error: unknown): VmError {
  const message = error instanceof Error ? error.message : String(error);
  if (typeof WebAssembly === 'undefined') return { kind: 'no-webassembly', message };
  if (error instanceof RangeError || /out of memory|allocation failed|Array buffer allocation/i.test(message)) {
    return { kind: 'out-of-memory', message };
  }
  if (/\b404\b|not found|missing/i.test(message)) return { kind: 'assets-missing', message };
  return { kind: 'unknown', message };
}
