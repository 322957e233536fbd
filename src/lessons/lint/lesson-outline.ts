/**
 * A loaded lesson's lesson.md read once more for the lints, this time keeping where everything is: each step's
 * checks (with the line and column of every field), its `file=` blocks, its solution's shell blocks, and the
 * Markdown text outside code blocks. Only used on lessons that loaded, so it can skip the loader's error handling.
 */
import { scanMarkdown, type MarkdownBlock } from '../markdown-blocks.js';
import { sectionKind } from '../parse-step-sections.js';
import type { ValuePath } from '../schema/validate.js';
import { parseYamlBlock } from '../schema/yaml-block.js';
import type { ScriptSource } from './shell-script.js';

export interface OutlinedCheck {
  /** The check's fields as written. */
  fields: Readonly<Record<string, unknown>>;
  /** Where a field's value is (the check's first line when it has no such field). */
  at(field?: string): { line: number; column: number };
}

export interface FileBlock {
  /** The workspace path from `file=<path>`. */
  path: string;
  lang: string;
  content: string;
  /** Line of the block's first content line. */
  line: number;
}

export interface OutlinedStep {
  title: string;
  checks: OutlinedCheck[];
  fileBlocks: FileBlock[];
  /** The solution's ```sh, ```bash and ```shell blocks, in order. */
  solution: ScriptSource[];
}

export interface LessonOutline {
  steps: OutlinedStep[];
  /** Markdown outside code blocks and headings, line by line. */
  text: { text: string; line: number }[];
}

const STEP_HEADING = /^step:\s*(\S.*)$/i;
const SHELL_LANGS = new Set(['sh', 'bash', 'shell']);

export function outlineLesson(file: string, source: string): LessonOutline {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const close = lines[0]?.trim() === '---' ? lines.findIndex((l, i) => i > 0 && l.trim() === '---') : -1;
  const { blocks } = scanMarkdown(lines.slice(close + 1), close + 2);
  const outline: LessonOutline = { steps: [], text: [] };
  let step: OutlinedStep | undefined;
  let inSolution = false;
  for (const block of blocks) {
    if (block.type === 'text') {
      outline.text.push({ text: block.text, line: block.line });
      continue;
    }
    if (block.type === 'heading') {
      if (block.level === 2) {
        const title = STEP_HEADING.exec(block.text)?.[1]?.trim();
        step = title ? { title, checks: [], fileBlocks: [], solution: [] } : undefined;
        if (step) outline.steps.push(step);
        inSolution = false;
      } else if (sectionKind(block)) inSolution = sectionKind(block) === 'solution';
      continue;
    }
    if (!step) continue;
    if (block.lang === 'check' || block.lang === 'requires') step.checks.push(...outlineChecks(file, block));
    else {
      const path = fileOf(block.raw[0] ?? '');
      if (path !== undefined)
        step.fileBlocks.push({ path, lang: block.lang, content: block.content, line: block.line + 1 });
      if (inSolution && SHELL_LANGS.has(block.lang)) step.solution.push({ text: block.content, line: block.line + 1 });
    }
  }
  return outline;
}

function outlineChecks(file: string, fence: Extract<MarkdownBlock, { type: 'fence' }>): OutlinedCheck[] {
  const block = parseYamlBlock({ file, text: fence.content, firstLine: fence.line + 1 });
  const items: [ValuePath, unknown][] = Array.isArray(block.value)
    ? block.value.map((item, index) => [[index], item])
    : [[[], block.value]];
  return items
    .filter((entry): entry is [ValuePath, Record<string, unknown>] => typeof entry[1] === 'object' && entry[1] !== null)
    .map(([path, fields]) => ({
      fields,
      at: (field?: string) => block.locate(field !== undefined && field in fields ? [...path, field] : path),
    }));
}

/**
 * `file=<path>` in a fence's info string, as the pane reads it (docs/authoring.md, "Files in code blocks"): quoted
 * or not, relative, never leaving the workspace; otherwise the block is plain code.
 */
export function fileOf(openingFence: string): string | undefined {
  const match = /\sfile=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(openingFence.replace(/^\s*(`{3,}|~{3,})/, ' '));
  const path = match?.[1] ?? match?.[2] ?? match?.[3];
  if (!path || path.startsWith('/') || path.includes('\\')) return undefined;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..') ? path : undefined;
}
