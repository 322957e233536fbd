import type { Quiz } from '../lesson.js';
import type { CheckOf } from '../schema/check-kinds.js';
import type { QuizPort } from '../ports.js';
import { fail, pass, type CheckOutcome } from './check-outcome.js';

/** Right when the picked choices are exactly the ones marked right. */
export function quizCheck(check: CheckOf<'quiz'>, quiz: Quiz | undefined, answers: QuizPort): CheckOutcome {
  const picked = answers.answer(check.quiz);
  if (!quiz) return fail('not-found', `this step has no quiz ${check.quiz}`);
  if (!picked || picked.length === 0) return fail('not-answered', 'the quiz is not answered yet');
  const right = quiz.choices.flatMap((c, i) => (c.correct ? [i] : []));
  const correct = right.length === picked.length && right.every((i) => picked.includes(i));
  return correct ? pass('the quiz is answered right') : fail('wrong-answer', 'that answer is not right: try again');
}
