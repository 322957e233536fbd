/**
 * Files setup.sh or a step's solution reads (`kubectl apply -f x`, `docker build -f x`, `sed -i ... x`, `< x`) that
 * are not there when the command runs: not in files/, and not created before it. Created means by an earlier
 * command (`> x`, `>> x`, `tee x`, `touch x`, `cp a x`, `mv a x`, `curl -o x`, `wget -O x`), or by a `file=x`
 * block in this step or an earlier one (the learner clicks Create file before running the solution). After a `cd`
 * the rest of that script is not checked: its relative paths are no longer the workspace's.
 */
import type { LessonError } from '../lesson-error.js';
import { pathExists } from './script-effects.js';
import type { Lint } from './lint-context.js';

export const missingFiles: Lint = (lesson) => {
  const errors: LessonError[] = [];
  const there = new Set(Object.keys(lesson.workspace));
  for (const script of lesson.scripts) {
    const step = script.step !== undefined ? lesson.outline.steps[script.step] : undefined;
    for (const block of step?.fileBlocks ?? []) there.add(block.path);
    for (const { effects } of script.commands) {
      if (effects.leavesWorkspace) break;
      for (const read of effects.reads) {
        if (pathExists(read.path, there)) continue;
        const who = step ? `the solution of step "${step.title}"` : 'setup.sh';
        const before = step
          ? 'no earlier command or file= block creates it'
          : 'setup.sh does not create it before this line';
        errors.push({
          file: script.file,
          line: read.word.line,
          column: read.word.column,
          message: `${who} reads ${read.path} (${read.via}), which the lesson does not ship: it is not in files/ and ${before}`,
        });
      }
      for (const path of effects.writes) there.add(path);
    }
  }
  return errors;
};
