/**
 * File checks (`file.exists`, `file.contains`, `file.yaml-field`, `file.dockerfile-instruction`) on a path nothing
 * in the lesson ever creates: not files/, not a `file=` block, not a write in setup.sh or a solution (see
 * missing-files.ts for what counts as a write). Such a check could only pass if the learner guessed the file.
 */
import type { LessonError } from '../lesson-error.js';
import { pathExists } from './script-effects.js';
import type { Lint } from './lint-context.js';

const FILE_CHECKS = new Set(['file.exists', 'file.contains', 'file.yaml-field', 'file.dockerfile-instruction']);

export const fileChecks: Lint = (lesson) => {
  const created = new Set([
    ...Object.keys(lesson.workspace),
    ...lesson.outline.steps.flatMap((step) => step.fileBlocks.map((block) => block.path)),
    ...lesson.scripts.flatMap((script) => script.commands.flatMap(({ effects }) => effects.writes)),
  ]);
  const errors: LessonError[] = [];
  for (const step of lesson.outline.steps) {
    for (const check of step.checks) {
      const kind = String(check.fields['check']);
      if (!FILE_CHECKS.has(kind)) continue;
      const given = check.fields['path'];
      const path = String(given ?? 'Dockerfile').replace(/^(\.\/)+/, '');
      if (pathExists(path, created)) continue;
      const named = given === undefined ? `${path} (the default path)` : path;
      errors.push({
        file: lesson.source,
        ...check.at('path'),
        message: `check "${String(check.fields['id'])}" reads ${named}, but nothing in this lesson creates it: it is not in files/, and no file= block, setup.sh or step's solution writes it`,
      });
    }
  }
  return errors;
};
