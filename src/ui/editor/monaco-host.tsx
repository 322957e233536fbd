import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';

import type { LessonCompletion, LessonError } from '../../protocol/lessons.js';
import type * as MonacoSetup from './monaco-setup.js';

// A type-only import: Monaco itself still loads lazily through import() below.
type MonacoModule = typeof MonacoSetup;
type Editor = ReturnType<MonacoModule['monaco']['editor']['create']>;

export interface MonacoHandle {
  /** Show this file with this text (keeps one model per file, so undo history survives tab switches). */
  setFile(path: string, text: string): void;
  dropFile(path: string): void;
  text(): string;
  /** Scroll the shown file to this line (1-based), put the cursor there and focus the editor. */
  revealLine(line: number): void;
}

interface Props {
  theme: 'light' | 'dark';
  onEdit(path: string, text: string): void;
  onSave(path: string, text: string): void;
  onReady(): void;
  /** The Kubernetes JSON Schema (from the worker), applied once Monaco is loaded. */
  kubernetesSchema(): Promise<Record<string, unknown>>;
  /** What to offer while typing a lesson.md (from the worker). */
  lessonCompletions(text: string, line: number, column: number): Promise<LessonCompletion[]>;
  /** Author mode's lesson errors: markers in the files they point into (paths relative to the workspace). */
  problems?: readonly LessonError[];
}

/** The owner of the lesson-error markers (Monaco keeps each owner's markers apart from the YAML validator's). */
const LESSON_MARKERS = 'wharf-lesson';

/** Monaco, loaded on first use. Until it arrives a plain message shows; the app shell never waits for it. */
export const MonacoHost = forwardRef<MonacoHandle, Props>(function MonacoHost(
  { theme, onEdit, onSave, onReady, kubernetesSchema, lessonCompletions, problems = [] },
  ref,
) {
  const host = useRef<HTMLDivElement>(null);
  const mod = useRef<MonacoModule | null>(null);
  const editor = useRef<Editor | null>(null);
  const current = useRef<string | undefined>(undefined);
  const [loaded, setLoaded] = useState(false);
  const [failed, setFailed] = useState<string>();
  const callbacks = useRef({ onEdit, onSave, onReady });
  callbacks.current = { onEdit, onSave, onReady };
  const problemsNow = useRef(problems);
  problemsNow.current = problems;

  /** Put the lesson errors on every open file's model (and clear the ones fixed). */
  const mark = () => {
    const m = mod.current;
    if (!m) return;
    for (const model of m.monaco.editor.getModels()) {
      const path = model.uri.path.replace(/^\/root\/workspace\//, '');
      m.monaco.editor.setModelMarkers(
        model,
        LESSON_MARKERS,
        problemsNow.current
          .filter((p) => p.file === path)
          .map((p) => ({
            severity: m.monaco.MarkerSeverity.Error,
            message: p.message,
            source: 'lesson',
            startLineNumber: p.line,
            startColumn: p.column,
            endLineNumber: p.line,
            endColumn: model.getLineMaxColumn(Math.min(Math.max(p.line, 1), model.getLineCount())),
          })),
      );
    }
  };

  useEffect(() => {
    let disposed = false;
    import('./monaco-setup.js').then(
      (m) => {
        if (disposed || !host.current) return;
        mod.current = m;
        kubernetesSchema().then(m.useKubernetesSchema, () => undefined);
        m.useLessonCompletions(lessonCompletions);
        const ed = m.monaco.editor.create(host.current, {
          automaticLayout: true,
          minimap: { enabled: false },
          fontSize: 14,
          tabSize: 2,
          scrollBeyondLastLine: false,
          theme: theme === 'dark' ? 'vs-dark' : 'vs',
          model: null,
          ariaLabel: 'File editor. Press Escape to leave the editor.',
        });
        ed.onDidChangeModelContent(() => {
          if (current.current) callbacks.current.onEdit(current.current, ed.getValue());
        });
        ed.addCommand(m.monaco.KeyMod.CtrlCmd | m.monaco.KeyCode.KeyS, () => {
          if (current.current) callbacks.current.onSave(current.current, ed.getValue());
        });
        // Escape leaves the editor (when no suggestion or find widget is open), so keyboard users are never trapped.
        ed.addCommand(
          m.monaco.KeyCode.Escape,
          () => host.current?.closest<HTMLElement>('[data-pane]')?.focus(),
          '!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !renameInputVisible',
        );
        editor.current = ed;
        setLoaded(true);
        callbacks.current.onReady();
      },
      (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      disposed = true;
      editor.current?.dispose();
      mod.current?.monaco.editor.getModels().forEach((model) => model.dispose());
    };
  }, []);

  useEffect(() => {
    mod.current?.monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme, loaded]);

  useEffect(mark, [problems, loaded]);

  useImperativeHandle(ref, () => ({
    setFile(path, text) {
      const m = mod.current;
      const ed = editor.current;
      if (!m || !ed) return;
      const uri = m.monaco.Uri.file(`/root/workspace/${path}`);
      let model = m.monaco.editor.getModel(uri);
      if (!model) model = m.monaco.editor.createModel(text, m.languageFor(path), uri);
      else if (model.getValue() !== text) model.setValue(text);
      current.current = path;
      if (ed.getModel() !== model) ed.setModel(model);
      mark();
    },
    revealLine(line) {
      const ed = editor.current;
      if (!ed) return;
      ed.revealLineInCenter(line);
      ed.setPosition({ lineNumber: line, column: 1 });
      ed.focus();
    },
    dropFile(path) {
      mod.current?.monaco.editor.getModel(mod.current.monaco.Uri.file(`/root/workspace/${path}`))?.dispose();
    },
    text: () => editor.current?.getValue() ?? '',
  }));

  return (
    <div className="monaco-wrap">
      {!loaded && !failed && <p className="empty">Loading the editor…</p>}
      {failed && <p className="error-text">The editor failed to load: {failed}</p>}
      {/* Monaco owns this element's children; React renders nothing inside it. */}
      <div className="monaco-host" ref={host} data-testid="editor" />
    </div>
  );
});
