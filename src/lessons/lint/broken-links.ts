/**
 * Links and images in lesson.md's Markdown that point at a relative path the lesson's folder does not have. Web
 * links (`https:`, `mailto:`, any `scheme:`), anchors (`#...`) and absolute paths are left alone.
 */
import type { LessonError } from '../lesson-error.js';
import { pathExists } from './script-effects.js';
import type { Lint } from './lint-context.js';

/** `[text](target "title")`, `![alt](<target>)`, and reference definitions `[id]: target`. */
const INLINE = /!?\[[^\]]*\]\(\s*(<[^>]*>|[^\s)]+)/g;
const DEFINITION = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/;

export const brokenLinks: Lint = (lesson) => {
  const errors: LessonError[] = [];
  const files = Object.keys(lesson.folder);
  for (const { text, line } of lesson.outline.text) {
    // Code spans are code: blank them out, keeping columns.
    const prose = text.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length));
    const targets: { target: string; column: number }[] = [];
    for (const match of prose.matchAll(INLINE)) {
      const raw = match[1] ?? '';
      targets.push({ target: raw, column: (match.index ?? 0) + match[0].length - raw.length + 1 });
    }
    const definition = DEFINITION.exec(prose);
    if (definition) {
      const raw = definition[1] ?? '';
      targets.push({ target: raw, column: definition[0].length - raw.length + 1 });
    }
    for (const { target: raw, column } of targets) {
      const target = raw.replace(/^<|>$/g, '');
      if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('/')) continue;
      let path: string;
      try {
        path = decodeURI(target.replace(/[?#].*$/, ''));
      } catch {
        path = target.replace(/[?#].*$/, '');
      }
      const parts: string[] = [];
      let outside = false;
      for (const part of path.split('/')) {
        if (part === '' || part === '.') continue;
        if (part === '..') outside = parts.pop() === undefined || outside;
        else parts.push(part);
      }
      const at = { file: lesson.source, line, column };
      if (outside) {
        errors.push({
          ...at,
          message: `link "${target}" leads out of the lesson's folder: a lesson ships the files it links to, in its own folder`,
        });
      } else if (parts.length && !pathExists(parts.join('/'), files)) {
        errors.push({
          ...at,
          message: `link "${target}" points to ${lesson.root}${parts.join('/')}, which this lesson does not have`,
        });
      }
    }
  }
  return errors;
};
