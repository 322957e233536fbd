import { useEffect, useRef, useState } from 'react';
import type { StepStatus, StepView } from '../../protocol/lessons.js';
import { CheckList, checkTitle } from './check-list.js';
import { MarkdownView } from './markdown-view.js';
import { QuizForm } from './quiz-form.js';
import { StepHelp } from './step-help.js';
import type { StepState } from './step-states.js';

export interface StepSectionProps {
  step: StepView;
  index: number;
  state: StepState;
  /** Shown open (the URL's step, or the current one). */
  open: boolean;
  /** The step the worker watches: its checks, help and Check button show. */
  watched: boolean;
  status: StepStatus | undefined;
  quizAnswer: number[] | undefined;
  /** Another step of the lesson is last (its button says Finish lesson). */
  last: boolean;
  /** The VM is ready and no lesson task runs: Check, Skip here and Next may be used. */
  canAct: boolean;
  onOpen(): void;
  onCheck(): Promise<void>;
  onNext(): void;
  onSkipHere(): void;
  onResetLesson(): void;
  onAnswer(choices: number[]): void;
}

/**
 * One step: its heading (a button that opens it), and when open its text, then for the step being worked on the
 * quiz, the checklist, the Check button, help, a blocked notice and, once done, the way on. A later step opened
 * ahead of time offers "Skip here" instead.
 */
export function StepSection(props: StepSectionProps) {
  const { step, index, state, open, watched, status } = props;
  const [collapsed, setCollapsed] = useState(false);
  const [checking, setChecking] = useState(false);
  const ref = useRef<HTMLElement>(null);
  const expanded = open && !collapsed;
  useEffect(() => {
    setCollapsed(false);
    if (open) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [open]);
  const done = state === 'done';
  const headingId = `step-${step.id}`;
  const icon = done ? '✓' : String(index + 1);
  const blocked = watched && !done && status ? status.blocked : [];
  const checks = step.checks.filter((c) => c.check !== 'quiz' || !step.quiz);
  return (
    <section
      ref={ref}
      className={`step step-${state} ${expanded ? 'open' : ''}`}
      aria-labelledby={headingId}
      data-step={step.id}
    >
      <h3 className="step-heading" id={headingId}>
        <button
          type="button"
          aria-expanded={expanded}
          onClick={() => (open ? setCollapsed(!collapsed) : props.onOpen())}
        >
          <span className="step-icon" aria-hidden="true">
            {icon}
          </span>
          <span className="step-title">{step.title}</span>
          <span className="sr-only">
            {done ? ' (done)' : state === 'current' ? ' (current step)' : ' (not reached yet)'}
          </span>
        </button>
      </h3>
      {expanded && (
        <div className="step-body">
          {state === 'later' && (
            <div className="lesson-notice">
              <p>
                You have not reached this step yet. <strong>Skip here</strong> does the steps before it for you (Wharf
                runs their solutions in the VM, out of sight) and marks them done.
              </p>
              <button type="button" className="primary" disabled={!props.canAct} onClick={props.onSkipHere}>
                Skip here
              </button>
            </div>
          )}
          <MarkdownView markdown={step.body} />
          {step.quiz && (state !== 'later' || props.quizAnswer) && (
            <QuizForm quiz={step.quiz} answer={props.quizAnswer} onAnswer={props.onAnswer} />
          )}
          {watched && (
            <>
              {blocked.length > 0 && (
                <div className="lesson-notice error" role="alert">
                  <p>
                    <strong>This step cannot be finished as things are:</strong>
                  </p>
                  <ul>
                    {blocked.map((b) => (
                      <li key={b.id}>
                        {checkTitle(b)}: {b.reason}
                      </li>
                    ))}
                  </ul>
                  <p>Reset the lesson to start it again from a clean VM.</p>
                  <button type="button" className="danger" onClick={props.onResetLesson}>
                    Reset lesson
                  </button>
                </div>
              )}
              {checks.length > 0 && <CheckList checks={checks} status={status} />}
              {!done && (
                <div className="step-actions">
                  {checks.length > 0 && (
                    <button
                      type="button"
                      disabled={!props.canAct || checking}
                      onClick={() => {
                        setChecking(true);
                        void props.onCheck().finally(() => setChecking(false));
                      }}
                    >
                      {checking ? 'Checking…' : 'Check'}
                    </button>
                  )}
                </div>
              )}
              {!done && <StepHelp step={step} status={status} />}
            </>
          )}
          {done && (
            <div className="step-complete" role="status">
              <span>✓ Step done.</span>
              {state === 'done' && watched && (
                <button type="button" className="primary" onClick={props.onNext}>
                  {props.last ? 'Finish lesson' : 'Next step'}
                </button>
              )}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
