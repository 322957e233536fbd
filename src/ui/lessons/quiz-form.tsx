import { useEffect, useId, useState } from 'react';
import type { Quiz } from '../../protocol/lessons.js';
import { inlineMarkdownHtml } from './markdown.js';
import { MarkdownText } from './markdown-view.js';

/**
 * A step's quiz: radio buttons, or checkboxes when more than one answer is right ("pick all that apply"). Submit
 * sends the answer to the worker (the quiz check reads it) and shows right or wrong with the explanation; a wrong
 * answer can be changed and sent again. The answer given last is kept with the progress.
 */
export function QuizForm(props: { quiz: Quiz; answer: number[] | undefined; onAnswer(choices: number[]): void }) {
  const { quiz, answer } = props;
  const [picked, setPicked] = useState<number[]>(answer ?? []);
  useEffect(() => setPicked(answer ?? []), [answer]);
  const name = useId();
  const right = quiz.choices.flatMap((c, i) => (c.correct ? [i] : []));
  const several = right.length > 1;
  const answeredRight = answer !== undefined && sameChoices(answer, right);
  const toggle = (i: number) =>
    setPicked((p) => (several ? (p.includes(i) ? p.filter((x) => x !== i) : [...p, i].sort()) : [i]));
  return (
    <form
      className="quiz"
      onSubmit={(e) => {
        e.preventDefault();
        if (picked.length) props.onAnswer(picked);
      }}
    >
      <fieldset>
        <legend>
          <span className="quiz-label">Quiz{several ? ' (pick all that apply)' : ''}</span>
          <MarkdownText markdown={quiz.question} />
        </legend>
        {quiz.choices.map((choice, i) => (
          <label key={i} className="quiz-choice">
            <input
              type={several ? 'checkbox' : 'radio'}
              name={name}
              checked={picked.includes(i)}
              onChange={() => toggle(i)}
            />
            <span dangerouslySetInnerHTML={{ __html: inlineMarkdownHtml(choice.text) }} />
          </label>
        ))}
      </fieldset>
      <div className="step-actions">
        <button type="submit" className="primary" disabled={!picked.length || sameChoices(picked, answer ?? [])}>
          Submit answer
        </button>
      </div>
      {answer !== undefined && (
        <div className={`quiz-result ${answeredRight ? 'ok' : 'wrong'}`} role="status">
          <strong>{answeredRight ? '✓ Right.' : '✗ Not quite: change your answer and submit again.'}</strong>
          {answeredRight && quiz.explanation && <MarkdownText markdown={quiz.explanation} />}
        </div>
      )}
    </form>
  );
}

export function sameChoices(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
}
