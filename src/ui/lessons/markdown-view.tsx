import { useMemo } from 'react';
import { isShell, markdownBlocks, markdownHtml } from './markdown.js';
import { usePageActions } from './page-actions.js';

/**
 * Lesson Markdown on the page. The HTML comes from markdown.ts, already sanitized (raw HTML escaped, then DOMPurify):
 * that is the one reason dangerouslySetInnerHTML is acceptable here. Code blocks are React text with their buttons.
 */
export function MarkdownView({ markdown, className }: { markdown: string; className?: string }) {
  const blocks = useMemo(() => markdownBlocks(markdown), [markdown]);
  return (
    <div className={`markdown ${className ?? ''}`}>
      {blocks.map((block, i) =>
        block.kind === 'html' ? (
          <div key={i} dangerouslySetInnerHTML={{ __html: block.html }} />
        ) : (
          <CodeBlock key={i} code={block.code} lang={block.lang} file={block.file} />
        ),
      )}
    </div>
  );
}

/** Short Markdown without buttons (hints, quiz questions, explanations): sanitized HTML. */
export function MarkdownText({ markdown, className }: { markdown: string; className?: string }) {
  const html = useMemo(() => markdownHtml(markdown), [markdown]);
  return <div className={`markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

/**
 * A fenced code block: shell commands get Run (typed into the terminal) and Copy; a block that is a workspace file
 * (```yaml file=web.yaml) gets Create file and Open in editor; anything else Copy.
 */
export function CodeBlock({ code, lang, file }: { code: string; lang: string; file?: string | undefined }) {
  const actions = usePageActions();
  const shell = isShell(lang) && file === undefined;
  const what = file ?? (shell ? 'commands' : lang || 'code');
  return (
    <figure className="code-block">
      <figcaption className="code-toolbar">
        <span className="code-label">{file ?? (shell ? 'shell' : lang)}</span>
        {shell && (
          <button
            type="button"
            className="primary"
            disabled={!actions.terminalReady}
            title={actions.terminalReady ? 'Type this into the terminal and press Enter' : 'Waiting for the terminal'}
            aria-label={`Run ${firstLine(code)} in the terminal`}
            onClick={() => actions.run(code)}
          >
            ▶ Run
          </button>
        )}
        {file !== undefined && (
          <>
            <button
              type="button"
              disabled={!actions.vmReady}
              aria-label={`Create ${file} in the workspace`}
              onClick={() => void actions.createFile(file, code)}
            >
              Create file
            </button>
            <button
              type="button"
              disabled={!actions.vmReady}
              aria-label={`Open ${file} in the editor`}
              onClick={() => void actions.openFile(file, code)}
            >
              Open in editor
            </button>
          </>
        )}
        <button type="button" aria-label={`Copy ${what}`} onClick={() => actions.copy(code)}>
          Copy
        </button>
      </figcaption>
      <pre>
        <code>{code}</code>
      </pre>
    </figure>
  );
}

function firstLine(code: string): string {
  const line = code.split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
