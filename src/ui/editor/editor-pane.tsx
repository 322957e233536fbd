import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { LessonError, WorkspaceEntry } from '../../protocol/worker-api.js';
import type { WorkerClient } from '../worker-client.js';
import type { VmView } from '../vm-store.js';
import { loadPersisted, savePersisted } from '../layout/persisted.js';
import { FileTree } from './file-tree.js';
import { clearDraft, loadDraft, saveDraft } from './drafts.js';
import { MonacoHost, type MonacoHandle } from './monaco-host.js';
import { UnsavedNotice } from './unsaved-notice.js';
import type { EditorRequests } from './editor-requests.js';
import type { AuthorModel } from '../lessons/author-model.js';

interface Props {
  client: WorkerClient;
  vm: VmView;
  /** The learner read the list of files that did not come back. */
  onDismissRestored: () => void;
  theme: 'light' | 'dark';
  visible: boolean;
  /** Files other parts of the page ask to show (the lesson pane's "Open in editor"). */
  requests?: EditorRequests;
  /** Author mode: its draft's errors show as markers in the files they point into. */
  author?: AuthorModel;
}

/** File tree + tabs of open files + Monaco. Files sync both ways with /root/workspace in the guest. */
export function EditorPane({ client, vm, theme, visible, onDismissRestored, requests, author }: Props) {
  const draftErrors = useDraftErrors(author);
  const [entries, setEntries] = useState<WorkspaceEntry[]>([]);
  const [open, setOpen] = useState<string[]>(() => loadPersisted('editor', { open: [] as string[] }).open);
  const [active, setActive] = useState<string | undefined>(
    () => loadPersisted('editor', { active: undefined as string | undefined }).active,
  );
  const [dirty, setDirty] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string>();
  const monaco = useRef<MonacoHandle | null>(null);
  /** Text of each open file as last read from or written to the guest. */
  const saved = useRef(new Map<string, string>());
  /** A line to show once this file is in the editor (a lesson error's place), by path. */
  const revealAt = useRef(new Map<string, number>());

  useEffect(() => savePersisted('editor', { open, active }), [open, active]);

  const refresh = useCallback(() => {
    client.api.listWorkspace().then(setEntries, () => undefined);
  }, [client]);

  useEffect(() => {
    if (vm.state !== 'ready') return;
    refresh();
  }, [vm.state, vm.generation, vm.restoredFiles, refresh]);

  // Poll the guest for terminal-made changes only while someone can see the tree.
  useEffect(() => {
    if (vm.state !== 'ready') return;
    const update = () => void client.api.watchWorkspace(visible && document.visibilityState === 'visible');
    update();
    document.addEventListener('visibilitychange', update);
    return () => {
      document.removeEventListener('visibilitychange', update);
      void client.api.watchWorkspace(false);
    };
  }, [client, visible, vm.state]);

  const load = useCallback(
    async (path: string) => {
      const text = await client.api.readWorkspaceFile(path);
      saved.current.set(path, text);
      const draft = loadDraft(path);
      const content = draft && draft.base === text ? draft.text : text;
      if (draft && draft.base !== text) clearDraft(path); // the file changed underneath: the guest wins
      monaco.current?.setFile(path, content);
      const line = revealAt.current.get(path);
      if (line !== undefined && monaco.current) {
        revealAt.current.delete(path);
        monaco.current.revealLine(line);
      }
      setDirty((d) => toggle(d, path, content !== text));
    },
    [client],
  );

  useEffect(
    () =>
      client.on((event) => {
        if (event.type !== 'fs/changed') return;
        refresh();
        if (!saved.current.has(event.path)) return;
        if (event.change === 'deleted') {
          setNotice(`${event.path} was deleted in the VM.`);
          return;
        }
        // Changed in the terminal: reload unless the learner has unsaved edits (then tell them).
        if (!dirty.has(event.path)) void load(event.path);
        else setNotice(`${event.path} changed in the VM while you have unsaved edits here.`);
      }),
    [client, refresh, load, dirty],
  );

  useEffect(() => {
    if (vm.state === 'ready' && active && monaco.current)
      void load(active).catch(() => setNotice(`${active} is not in the workspace any more.`));
  }, [vm.state, active, load]);

  const openFile = useCallback((path: string) => {
    setOpen((o) => (o.includes(path) ? o : [...o, path]));
    setActive(path);
  }, []);

  // Asked from elsewhere (a lesson's "Open in editor", often right after "Create file"): show it, and read it again
  // if it was open already (unsaved edits are kept: load() prefers a draft made on the same text).
  useEffect(
    () =>
      requests?.listen(({ path, line }) => {
        refresh();
        if (line !== undefined) revealAt.current.set(path, line);
        openFile(path);
        if (saved.current.has(path) && vm.state === 'ready') void load(path).catch(() => undefined);
      }),
    [requests, refresh, openFile, load, vm.state],
  );

  const save = useCallback(
    async (path: string, text: string) => {
      try {
        await client.api.writeWorkspaceFile(path, text);
        saved.current.set(path, text);
        clearDraft(path);
        setDirty((d) => toggle(d, path, false));
        setNotice(undefined);
        refresh();
      } catch (e) {
        setNotice(`Could not save ${path}: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    [client, refresh],
  );

  const onEdit = useCallback((path: string, text: string) => {
    const base = saved.current.get(path);
    if (base === undefined) return;
    const isDirty = text !== base;
    if (isDirty) saveDraft(path, { text, base });
    else clearDraft(path);
    setDirty((d) => toggle(d, path, isDirty));
  }, []);

  const closeFile = (path: string) => {
    const rest = open.filter((p) => p !== path);
    setOpen(rest);
    if (active === path) setActive(rest[rest.length - 1]);
    saved.current.delete(path);
    monaco.current?.dropFile(path);
  };

  return (
    <section className="pane editor-pane" aria-label="Editor" data-pane tabIndex={-1}>
      <FileTree
        entries={entries}
        activePath={active}
        dirty={dirty}
        onOpen={openFile}
        onCreate={(path) => void save(path, '').then(() => openFile(path))}
      />
      <div className="editor-main">
        <div className="tabbar" role="tablist" aria-label="Open files">
          {open.map((p) => (
            <div key={p} className={`tab ${p === active ? 'active' : ''}`}>
              <button type="button" role="tab" aria-selected={p === active} title={p} onClick={() => setActive(p)}>
                {p.split('/').pop()}
                {dirty.has(p) ? ' ●' : ''}
              </button>
              <button type="button" className="tab-close" aria-label={`Close ${p}`} onClick={() => closeFile(p)}>
                ×
              </button>
            </div>
          ))}
          {active && (
            <button
              type="button"
              className="save"
              onClick={() => monaco.current && void save(active, monaco.current.text())}
              disabled={!dirty.has(active)}
            >
              Save
            </button>
          )}
        </div>
        <UnsavedNotice notRestored={vm.notRestored} unsaved={vm.unsaved} onDismissRestored={onDismissRestored} />
        {notice && (
          <div className="notice" role="status">
            {notice}{' '}
            <button type="button" onClick={() => setNotice(undefined)}>
              Dismiss
            </button>
          </div>
        )}
        {active ? (
          <MonacoHost
            ref={monaco}
            theme={theme}
            onEdit={onEdit}
            onSave={(p, t) => void save(p, t)}
            onReady={() => vm.state === 'ready' && void load(active)}
            kubernetesSchema={() => client.api.kubernetesSchema()}
            lessonCompletions={(text, line, column) => client.api.lessonCompletions(text, line, column)}
            problems={draftErrors}
          />
        ) : (
          <div className="empty editor-empty">
            <p>
              Open a file from the workspace, or create one with <strong>+</strong>.
            </p>
            <p>
              Try a <code>Dockerfile</code>, then run <code>docker build -t hello .</code> in the terminal.
            </p>
          </div>
        )}
      </div>
    </section>
  );
}

const NO_ERRORS: readonly LessonError[] = [];

/** The author-mode draft's errors (none without author mode), as one stable array while they do not change. */
function useDraftErrors(author: AuthorModel | undefined): readonly LessonError[] {
  const view = useSyncExternalStore(author?.subscribe ?? noSubscription, author?.get ?? noView);
  return view?.draft?.errors ?? NO_ERRORS;
}
const noSubscription = () => () => undefined;
const noView = () => undefined;

function toggle(set: ReadonlySet<string>, path: string, on: boolean): ReadonlySet<string> {
  if (set.has(path) === on) return set;
  const next = new Set(set);
  if (on) next.add(path);
  else next.delete(path);
  return next;
}
