import DOMPurify from 'dompurify';
import { Marked, type Token, type Tokens } from 'marked';

/**
 * Lesson Markdown to what the pane renders. Lessons are untrusted (docs/authoring.md: learners open lesson files and
 * drop folders onto the page), so nothing a lesson writes reaches the page as markup unchecked:
 *
 * - raw HTML in the Markdown is shown as text, not parsed (`<script>` reads as `<script>`);
 * - the HTML marked makes is then sanitized by DOMPurify (no scripts, event handlers, `javascript:` or `data:`
 *   links, forms, frames, styles), as a second line if marked ever lets something through;
 * - links open in a new tab with `noopener noreferrer`.
 *
 * Top-level fenced code blocks come out as their own blocks (language, optional workspace file, text): the pane
 * renders them itself, as React text, with their Run / Copy / Create file buttons.
 */

export type MarkdownBlock = { kind: 'html'; html: string } | ({ kind: 'code'; code: string } & FenceInfo);

export interface FenceInfo {
  /** The info string's first word, lowercased (`sh`, `yaml`); empty when the fence has none. */
  lang: string;
  /** `file=<path>` in the info string: the block is that workspace file's content (```yaml file=web.yaml). */
  file?: string;
}

/** Fences whose text is shell commands: they get a Run button. */
const SHELL = new Set(['sh', 'bash', 'shell', 'console']);

export function isShell(lang: string): boolean {
  return SHELL.has(lang);
}

/**
 * The info string after the fence: a language, then `key=value` words. Only `file` is read; its path must stay
 * inside the workspace (relative, no `..`), or the block is plain code.
 */
export function parseFenceInfo(info: string): FenceInfo {
  const [lang = '', ...words] = info.trim().split(/\s+/);
  const result: FenceInfo = { lang: lang.toLowerCase() };
  for (const word of words) {
    const match = /^file=(?:"([^"]*)"|'([^']*)'|(\S+))$/.exec(word);
    const path = match?.[1] ?? match?.[2] ?? match?.[3];
    if (path !== undefined && safeWorkspacePath(path)) result.file = path;
  }
  return result;
}

/** A path relative to the workspace that cannot leave it. */
export function safeWorkspacePath(path: string): boolean {
  if (!path || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

const marked = new Marked({
  gfm: true,
  renderer: {
    // Raw HTML, block or inline, is shown as the text it is.
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
  },
});

/** Split Markdown into HTML runs and top-level code blocks (see above). */
export function markdownBlocks(markdown: string, sanitize: (html: string) => string = sanitizeHtml): MarkdownBlock[] {
  const tokens = marked.lexer(markdown);
  const blocks: MarkdownBlock[] = [];
  let run: Token[] = [];
  const flush = () => {
    if (!run.length) return;
    const html = sanitize(marked.parser(run));
    if (html.trim()) blocks.push({ kind: 'html', html });
    run = [];
  };
  for (const token of tokens) {
    if (token.type === 'code' && (token as Tokens.Code).codeBlockStyle !== 'indented') {
      flush();
      const code = token as Tokens.Code;
      blocks.push({ kind: 'code', code: code.text, ...parseFenceInfo(code.lang ?? '') });
    } else {
      run.push(token);
    }
  }
  flush();
  return blocks;
}

/** Markdown to sanitized HTML, code blocks included as plain `<pre>` (hints, quiz questions, finish text). */
export function markdownHtml(markdown: string, sanitize: (html: string) => string = sanitizeHtml): string {
  return sanitize(marked.parser(marked.lexer(markdown)));
}

/** One line of Markdown without a paragraph around it (a quiz choice). */
export function inlineMarkdownHtml(markdown: string, sanitize: (html: string) => string = sanitizeHtml): string {
  return sanitize(marked.parseInline(markdown, { async: false }));
}

let purifier: ReturnType<typeof DOMPurify> | undefined;

/**
 * DOMPurify with the pane's rules. It needs a DOM (the page's, or jsdom's in the unit tests); without one it would
 * hand the HTML back unchecked, so this refuses to run at all.
 */
export function sanitizeHtml(html: string): string {
  if (!purifier) {
    if (typeof window === 'undefined') throw new Error('sanitizeHtml needs a DOM');
    purifier = DOMPurify(window);
    if (!purifier.isSupported) throw new Error('DOMPurify cannot sanitize in this browser');
    purifier.addHook('afterSanitizeAttributes', (node) => {
      // A link into the pane itself (`#/lessons/compose`, the next lesson) stays in this tab: a new tab would be a
      // second playground with its own VM. Anything else opens in a new tab, so the lesson stays where it was.
      if (node.tagName === 'A' && node.hasAttribute('href') && !node.getAttribute('href')!.startsWith('#')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
  }
  return purifier.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg'],
    FORBID_ATTR: ['style', 'id', 'name'],
    // http(s) and mailto links; relative ones (#anchors) too. No javascript:, data:, vbscript: or the like.
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|\/(?!\/)|\.{0,2}\/)/i,
  });
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
