/** The `### Hint`, `### Solution` and `### Quiz` sections of a step, from their Markdown blocks. */
import type { CheckState, Hint, Quiz, Solution } from './lesson.js';
import type { LessonError } from './lesson-error.js';
import { blocksToMarkdown, type MarkdownBlock } from './markdown-blocks.js';

type Heading = Extract<MarkdownBlock, { type: 'heading' }>;

export type SectionKind = 'hint' | 'solution' | 'quiz';

/** Which section a `###` heading opens, if it opens one. */
export function sectionKind(heading: Heading): SectionKind | undefined {
  if (heading.level !== 3) return undefined;
  if (/^hint\b/i.test(heading.text)) return 'hint';
  if (/^solution\s*$/i.test(heading.text)) return 'solution';
  if (/^quiz\b/i.test(heading.text)) return 'quiz';
  return undefined;
}

const STATES: readonly CheckState[] = ['pass', 'pending', 'fail'];
const HINT_CONDITION = /^hint\s+when\s+(\S+)\s+is\s+(\S+)(?:\s+\(([a-z0-9-]+)\))?\s*$/i;

/**
 * `### Hint`, or `### Hint when <check-id> is <pass|pending|fail>`, optionally with `(<code>)`: the reason code of
 * the check's result (see docs/authoring.md, "Results, pending and hints"). `checkIds` are the ids a hint of this
 * step may name.
 */
export function parseHint(
  file: string,
  heading: Heading,
  body: readonly MarkdownBlock[],
  checkIds: ReadonlySet<string>,
): { hint?: Hint; errors: LessonError[] } {
  const at = (message: string, offset = 0): LessonError => ({
    file,
    line: heading.line,
    column: heading.column + 4 + offset,
    message,
  });
  const text = blocksToMarkdown(body);
  if (!text) return { errors: [at('this hint is empty: write the hint below its heading')] };
  if (/^hint\s*$/i.test(heading.text)) return { hint: { text }, errors: [] };
  const match = HINT_CONDITION.exec(heading.text);
  if (!match) {
    return {
      errors: [
        at(
          `a hint heading is "### Hint" or "### Hint when <check-id> is <pass|pending|fail>", not "### ${heading.text}"`,
        ),
      ],
    };
  }
  const [, check = '', state = '', code] = match;
  const checkColumn = heading.text.indexOf(check, 4);
  if (!checkIds.has(check)) {
    const known = [...checkIds].map((id) => `"${id}"`).join(', ') || 'none';
    return {
      errors: [
        at(`this hint names check "${check}", which this step does not have (its checks: ${known})`, checkColumn),
      ],
    };
  }
  const lowered = state.toLowerCase();
  if (!STATES.includes(lowered as CheckState)) {
    return {
      errors: [
        at(
          `a hint's state is pass, pending or fail, not "${state}"`,
          heading.text.indexOf(state, checkColumn + check.length),
        ),
      ],
    };
  }
  return { hint: { text, when: { check, state: lowered as CheckState, ...(code ? { code } : {}) } }, errors: [] };
}

const SHELL_LANGS = new Set(['sh', 'bash', 'shell']);

/** `### Solution`: prose plus the ```sh blocks the learner (and the VM test) can run. */
export function parseSolution(
  file: string,
  heading: Heading,
  body: readonly MarkdownBlock[],
): { solution?: Solution; errors: LessonError[] } {
  const commands = body
    .filter((b): b is Extract<MarkdownBlock, { type: 'fence' }> => b.type === 'fence' && SHELL_LANGS.has(b.lang))
    .map((b) => b.content.trim())
    .join('\n');
  if (!commands) {
    return {
      errors: [
        {
          file,
          line: heading.line,
          column: heading.column,
          message: 'this solution has no ```sh block: write the commands that solve the step in one',
        },
      ],
    };
  }
  return { solution: { text: blocksToMarkdown(body), commands }, errors: [] };
}

const CHOICE = /^\s*[-*+]\s+\[([ xX])\]\s+(.*)$/;

/**
 * `### Quiz`: the question, then the choices as a task list (`- [x]` right, `- [ ]` wrong), then an optional
 * explanation shown once answered.
 */
export function parseQuiz(
  file: string,
  stepId: string,
  heading: Heading,
  body: readonly MarkdownBlock[],
): { quiz?: Quiz; errors: LessonError[] } {
  const at = (line: number, message: string): LessonError => ({ file, line, column: 1, message });
  const question: MarkdownBlock[] = [];
  const after: MarkdownBlock[] = [];
  const choices: Quiz['choices'] = [];
  for (const block of body) {
    const choice = block.type === 'text' ? CHOICE.exec(block.text) : null;
    if (choice) {
      if (after.some((b) => b.type !== 'text' || b.text.trim()))
        return { errors: [at(block.line, 'a quiz has one list of choices: this choice comes after its explanation')] };
      choices.push({ text: (choice[2] ?? '').trim(), correct: choice[1] !== ' ' });
    } else (choices.length ? after : question).push(block);
  }
  const id = `${stepId}-quiz`;
  if (!blocksToMarkdown(question)) return { errors: [at(heading.line, 'this quiz has no question above its choices')] };
  if (choices.length < 2)
    return { errors: [at(heading.line, 'a quiz needs at least two choices, written "- [x] right" and "- [ ] wrong"')] };
  if (!choices.some((c) => c.correct))
    return { errors: [at(heading.line, 'no choice of this quiz is marked right: mark it "- [x] ..."')] };
  const explanation = blocksToMarkdown(after);
  return {
    quiz: { id, question: blocksToMarkdown(question), choices, ...(explanation ? { explanation } : {}) },
    errors: [],
  };
}
