import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import type { WorkerClient } from './worker-client.js';
import { useVm, type VmStore } from './vm-store.js';
import { useLayout, useNarrow, type Layout } from './layout/use-layout.js';
import { Split } from './layout/split.js';
import { TerminalTabs } from './terminal/terminal-tabs.js';
import { PreviewPane } from './preview/preview-pane.js';
import { LessonPane } from './lessons/lesson-pane.js';
import type { LessonsModel } from './lessons/lessons-model.js';
import type { AuthorModel } from './lessons/author-model.js';
import { useLessonDrop } from './lessons/use-lesson-drop.js';
import { TerminalBus } from './terminal/terminal-bus.js';
import { EditorRequests } from './editor/editor-requests.js';
import { BootProgress } from './boot-screen.js';
import { ErrorScreen } from './error-screen.js';
import { ResetDialog } from './reset-dialog.js';
import { VmStatusLine } from './vm-status-line.js';

// The editor pulls in Monaco only when first shown: the app shell stays small and the VM starts sooner.
const EditorPane = lazy(() => import('./editor/editor-pane.js').then((m) => ({ default: m.EditorPane })));

export interface AppProps {
  client: WorkerClient;
  store: VmStore;
  lessons: LessonsModel;
  /** Author mode and opened lessons (the lesson pane, the editor's markers, drops on the page). */
  author: AuthorModel;
}

export function App({ client, store, lessons, author }: AppProps) {
  const vm = useVm(store);
  const [layout, setLayout] = useLayout();
  const narrow = useNarrow();
  const [confirmReset, setConfirmReset] = useState(false);
  // How the lesson pane reaches the terminal (Run, Show me) and the editor (Open in editor).
  const [terminalBus] = useState(() => new TerminalBus());
  const [editorRequests] = useState(() => new EditorRequests());

  // A lesson folder or lesson file dropped anywhere on the page: the lesson pane comes forward to show it.
  useLessonDrop(author, () => setLayout(narrow ? { mobilePane: 'lesson' } : { showLesson: true }));

  const restart = () => {
    store.set({ state: 'booting', phase: 'restore', message: 'Restoring the clean snapshot', error: undefined });
    client.api.reset().catch(() => undefined);
  };

  // On a phone only one pane shows: bring the error screen (it lives over the terminal) into view.
  useEffect(() => {
    if (narrow && vm.state === 'failed') setLayout({ mobilePane: 'terminal' });
    // setLayout is a fresh closure each render; only the state change matters here.
  }, [narrow, vm.state]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Escape on a pane's frame (after leaving the editor or terminal) moves on to the next landmark.
      if (e.key === 'Escape' && (e.target as HTMLElement)?.dataset?.pane !== undefined)
        (e.target as HTMLElement).blur();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const terminal = (
    <div className="terminal-area">
      <TerminalTabs client={client} vm={vm} theme={layout.theme} bus={terminalBus} />
      {vm.state === 'booting' && (
        <div className="overlay">
          <BootProgress vm={vm} />
        </div>
      )}
      {vm.state === 'failed' && vm.error && (
        <div className="overlay">
          <ErrorScreen error={vm.error} onRestart={restart} />
        </div>
      )}
    </div>
  );
  const editorVisible = narrow ? layout.mobilePane === 'editor' : true;
  const editor = (
    <Suspense fallback={<p className="empty">Loading the editor…</p>}>
      <EditorPane
        client={client}
        vm={vm}
        theme={layout.theme}
        visible={editorVisible}
        requests={editorRequests}
        author={author}
        onDismissRestored={() => store.set({ notRestored: [] })}
      />
    </Suspense>
  );
  const previewVisible = narrow ? layout.mobilePane === 'preview' : layout.showPreview;
  const preview = <PreviewPane client={client} vm={vm} visible={previewVisible} />;

  const lessonPane = (
    <LessonPane
      client={client}
      vm={vm}
      model={lessons}
      author={author}
      terminal={terminalBus}
      resetVm={restart}
      openInEditor={(path, line) => {
        editorRequests.open(path, line);
        if (narrow) setLayout({ mobilePane: 'editor' });
      }}
    />
  );

  let body: ReactNode;
  if (narrow) {
    const panes: Record<Layout['mobilePane'], ReactNode> = { lesson: lessonPane, editor, terminal, preview };
    body = (
      <>
        <nav className="mobile-tabs" aria-label="Panes">
          {(Object.keys(panes) as Layout['mobilePane'][]).map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={layout.mobilePane === p}
              onClick={() => setLayout({ mobilePane: p })}
            >
              {p[0]!.toUpperCase() + p.slice(1)}
            </button>
          ))}
        </nav>
        {/* Every pane stays mounted (terminals keep their scrollback); only the chosen one is shown. */}
        {(Object.keys(panes) as Layout['mobilePane'][]).map((p) => (
          <div key={p} className="mobile-pane" hidden={layout.mobilePane !== p}>
            {panes[p]}
          </div>
        ))}
      </>
    );
  } else {
    const workbench = (
      <Split
        direction="column"
        size={layout.editorHeight}
        onResize={(v) => setLayout({ editorHeight: v })}
        label="Resize editor and terminal"
        first={editor}
        second={terminal}
      />
    );
    // The same tree whichever panes show (hidden ones stay mounted): the terminals inside must not be rebuilt.
    const withPreview = (
      <Split
        direction="row"
        size={100 - layout.previewWidth}
        onResize={(v) => setLayout({ previewWidth: 100 - v })}
        label="Resize preview"
        first={workbench}
        second={preview}
        hide={layout.showPreview ? undefined : 'second'}
      />
    );
    body = (
      <Split
        direction="row"
        size={layout.lessonWidth}
        min={12}
        max={50}
        onResize={(v) => setLayout({ lessonWidth: v })}
        label="Resize lesson"
        first={lessonPane}
        second={withPreview}
        hide={layout.showLesson ? undefined : 'first'}
      />
    );
  }

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">Wharf</h1>
        <VmStatusLine vm={vm} short={narrow} />
        <div className="spacer" />
        {!narrow && (
          <>
            <button
              type="button"
              aria-pressed={layout.showLesson}
              onClick={() => setLayout({ showLesson: !layout.showLesson })}
            >
              Lesson
            </button>
            <button
              type="button"
              aria-pressed={layout.showPreview}
              onClick={() => setLayout({ showPreview: !layout.showPreview })}
            >
              Preview{vm.ports.length ? ` (${vm.ports.length})` : ''}
            </button>
          </>
        )}
        <button type="button" onClick={() => setConfirmReset(true)} disabled={vm.state === 'booting'}>
          Reset
        </button>
        <button
          type="button"
          aria-label={`Switch to ${layout.theme === 'dark' ? 'light' : 'dark'} theme`}
          title="Theme"
          onClick={() => setLayout({ theme: layout.theme === 'dark' ? 'light' : 'dark' })}
        >
          {layout.theme === 'dark' ? '☀' : '☾'}
        </button>
      </header>
      <main className="workspace">{body}</main>
      <ResetDialog
        open={confirmReset}
        onCancel={() => setConfirmReset(false)}
        onConfirm={() => {
          setConfirmReset(false);
          restart();
        }}
      />
    </div>
  );
}
