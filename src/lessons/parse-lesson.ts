import type { Hint, Lesson, LessonStep } from './lesson.js';
import type { LessonError } from './lesson-error.js';
import { blocksToMarkdown, scanMarkdown, type MarkdownBlock } from './markdown-blocks.js';
import { parseCheckBlock, type DeclaredCheck } from './parse-check-block.js';
import { parseHint, parseQuiz, parseSolution, sectionKind, type SectionKind } from './parse-step-sections.js';
import type { CheckSpec } from './schema/check-kinds.js';
import { FRONTMATTER_SCHEMA, type LessonMeta } from './schema/frontmatter-schema.js';
import { readYamlBlock } from './schema/yaml-block.js';

export interface LessonSources {
  slug: string;
  /** lesson.md's path, for messages. */
  file: string;
  text: string;
  files: Record<string, string>;
  setup?: string;
}

export type ParseResult = { ok: true; lesson: Lesson } | { ok: false; errors: LessonError[] };

const STEP_HEADING = /^step:\s*(\S.*)$/i;
const CHECK_LANGS = new Set(['check', 'requires']);

interface Section {
  kind: SectionKind;
  heading: Extract<MarkdownBlock, { type: 'heading' }>;
  blocks: MarkdownBlock[];
}

interface StepDraft {
  title: string;
  heading: Extract<MarkdownBlock, { type: 'heading' }>;
  body: MarkdownBlock[];
  checkBlocks: Extract<MarkdownBlock, { type: 'fence' }>[];
  sections: Section[];
}

/** One lesson.md (and its files) to a Lesson, or to every error found in it, each with file, line and column. */
export function parseLesson(sources: LessonSources): ParseResult {
  const { file } = sources;
  const errors: LessonError[] = [];
  const lines = sources.text.replace(/\r\n?/g, '\n').split('\n');
  const close = lines[0]?.trim() === '---' ? lines.findIndex((l, i) => i > 0 && l.trim() === '---') : -1;
  if (close < 0) {
    return fail({
      file,
      line: 1,
      column: 1,
      message:
        'a lesson.md starts with YAML frontmatter between two "---" lines (title, summary, level, minutes, needsKubernetes)',
    });
  }
  const front = readYamlBlock(
    { file, text: lines.slice(1, close).join('\n'), firstLine: 2 },
    FRONTMATTER_SCHEMA,
    () => 'the frontmatter',
  );
  errors.push(...front.errors);

  const scan = scanMarkdown(lines.slice(close + 1), close + 2);
  if (scan.unclosedFence)
    errors.push({ file, ...scan.unclosedFence, message: 'this code block is never closed (a line of ``` ends it)' });

  const intro: MarkdownBlock[] = [];
  const finish: MarkdownBlock[] = [];
  const drafts: StepDraft[] = [];
  let place: 'intro' | 'step' | 'finish' = 'intro';
  for (const block of scan.blocks) {
    const step = drafts[drafts.length - 1];
    if (block.type === 'heading' && block.level <= 2 && (block.level === 2 || place !== 'intro')) {
      const title = STEP_HEADING.exec(block.text)?.[1]?.trim();
      if (title && block.level === 2) {
        drafts.push({ title, heading: block, body: [], checkBlocks: [], sections: [] });
        place = 'step';
        continue;
      }
      if (/^finish\s*$/i.test(block.text) && block.level === 2) {
        place = 'finish';
        continue;
      }
      if (place !== 'intro') {
        errors.push({
          file,
          line: block.line,
          column: block.column,
          message: `after the first step, a heading this big must be "## Step: <title>" or "## Finish", not "${'#'.repeat(block.level)} ${block.text}" (use ### inside a step)`,
        });
        continue;
      }
    }
    if (block.type === 'fence' && CHECK_LANGS.has(block.lang)) {
      if (place === 'step' && step) step.checkBlocks.push(block);
      else
        errors.push({
          file,
          line: block.line,
          column: 1,
          message: `a \`\`\`${block.lang} block belongs inside a step (after a "## Step: <title>" heading)`,
        });
      continue;
    }
    if (place === 'intro') intro.push(block);
    else if (place === 'finish') finish.push(block);
    else if (step) {
      const kind = block.type === 'heading' ? sectionKind(block) : undefined;
      if (kind && block.type === 'heading') step.sections.push({ kind, heading: block, blocks: [] });
      else (step.sections[step.sections.length - 1]?.blocks ?? step.body).push(block);
    }
  }
  if (drafts.length === 0 && !scan.unclosedFence)
    errors.push({
      file,
      line: close + 2,
      column: 1,
      message: 'this lesson has no steps: start each with "## Step: <title>"',
    });

  const steps: LessonStep[] = [];
  const declared = new Map<string, DeclaredCheck>();
  const stepIds = new Set<string>();
  for (const draft of drafts) {
    const built = buildStep(file, draft, declared, stepIds);
    errors.push(...built.errors);
    if (built.step) steps.push(built.step);
  }
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.line - b.line || a.column - b.column) };
  const finishText = blocksToMarkdown(finish);
  return {
    ok: true,
    lesson: {
      slug: sources.slug,
      source: file,
      // Validated against FRONTMATTER_SCHEMA above (no errors got here).
      meta: front.value as LessonMeta,
      intro: blocksToMarkdown(intro),
      steps,
      ...(finishText ? { finish: finishText } : {}),
      files: sources.files,
      ...(sources.setup !== undefined ? { setup: sources.setup } : {}),
    },
  };
}

function fail(error: LessonError): ParseResult {
  return { ok: false, errors: [error] };
}

/** `Scale it to three!` -> `scale-it-to-three`. */
export function stepIdFromTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function buildStep(
  file: string,
  draft: StepDraft,
  declared: Map<string, DeclaredCheck>,
  stepIds: Set<string>,
): { step?: LessonStep; errors: LessonError[] } {
  const errors: LessonError[] = [];
  const at = (message: string): LessonError => ({
    file,
    line: draft.heading.line,
    column: draft.heading.column,
    message,
  });
  const id = stepIdFromTitle(draft.title);
  if (!id) errors.push(at(`a step's title needs a letter or digit (its id comes from it)`));
  else if (stepIds.has(id))
    errors.push(at(`two steps have the id "${id}" (from their titles): give them different titles`));
  stepIds.add(id);

  const checks: CheckSpec[] = [];
  const requires: CheckSpec[] = [];
  for (const fence of draft.checkBlocks) {
    const parsed = parseCheckBlock({ file, text: fence.content, firstLine: fence.line + 1 });
    errors.push(...parsed.errors);
    for (const check of parsed.checks) {
      const earlier = declared.get(check.spec.id);
      if (earlier) {
        errors.push({
          file,
          line: check.line,
          column: check.column,
          message: `check id "${check.spec.id}" is already used at line ${earlier.line}: ids are unique in a lesson`,
        });
        continue;
      }
      declared.set(check.spec.id, check);
      (fence.lang === 'requires' ? requires : checks).push(check.spec);
    }
  }

  let quiz: LessonStep['quiz'];
  let solution: LessonStep['solution'];
  const hintSections: Section[] = [];
  for (const section of draft.sections) {
    const twice = (what: string) =>
      errors.push({
        file,
        line: section.heading.line,
        column: section.heading.column,
        message: `a step has one ${what}`,
      });
    if (section.kind === 'hint') hintSections.push(section);
    else if (section.kind === 'solution') {
      if (solution) twice('solution');
      const parsed = parseSolution(file, section.heading, section.blocks);
      errors.push(...parsed.errors);
      solution ??= parsed.solution;
    } else {
      if (quiz) twice('quiz');
      const parsed = parseQuiz(file, id, section.heading, section.blocks);
      errors.push(...parsed.errors);
      quiz ??= parsed.quiz;
    }
  }
  if (quiz) checks.push({ id: quiz.id, check: 'quiz', quiz: quiz.id, title: 'Answer the quiz' });
  const ids = new Set([...checks, ...requires].map((c) => c.id));
  const hints: Hint[] = [];
  for (const section of hintSections) {
    const parsed = parseHint(file, section.heading, section.blocks, ids);
    errors.push(...parsed.errors);
    if (parsed.hint) hints.push(parsed.hint);
  }
  if (checks.length === 0 && draft.checkBlocks.length === 0 && !draft.sections.some((s) => s.kind === 'quiz'))
    errors.push(
      at(`step "${draft.title}" has no \`\`\`check block and no quiz: nothing would tell the learner it is done`),
    );
  if (errors.length) return { errors };
  return {
    step: {
      id,
      title: draft.title,
      body: blocksToMarkdown(draft.body),
      checks,
      requires,
      hints,
      ...(solution ? { solution } : {}),
      ...(quiz ? { quiz } : {}),
    },
    errors,
  };
}
