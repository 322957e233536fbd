import { useState } from 'react';
import type { StepStatus, StepView } from '../../protocol/lessons.js';
import { applicableHints, hintsLeft, revealNext, visibleHints } from './hint-reveal.js';
import { MarkdownText, MarkdownView } from './markdown-view.js';
import { usePageActions } from './page-actions.js';
import { useAnnounce } from './announcer.js';

/**
 * Help for the current step, from least to most: hints one at a time (only those that apply now), the solution's
 * text, and Show me, which types the solution's commands into the terminal where the learner watches them run (the
 * checks then complete the step as if the learner had typed them).
 */
export function StepHelp({ step, status }: { step: StepView; status: StepStatus | undefined }) {
  const actions = usePageActions();
  const announce = useAnnounce();
  const [revealed, setRevealed] = useState<number[]>([]);
  const [solutionShown, setSolutionShown] = useState(false);
  const applicable = applicableHints(step.hints, status);
  const shown = visibleHints(applicable, revealed);
  const left = hintsLeft(applicable, revealed);
  const solution = step.solution;
  if (!step.hints.length && !solution) return null;
  return (
    <div className="step-help">
      <div className="step-actions">
        {step.hints.length > 0 && (
          <button
            type="button"
            disabled={left === 0}
            onClick={() => {
              setRevealed(revealNext(applicable, revealed));
              announce('Hint shown below');
            }}
          >
            {shown.length === 0 ? 'Hint' : left > 0 ? 'Another hint' : 'No more hints'}
          </button>
        )}
        {solution && !solutionShown && (
          <button type="button" onClick={() => setSolutionShown(true)}>
            Reveal solution
          </button>
        )}
        {solution?.commands.trim() && (
          <button
            type="button"
            disabled={!actions.terminalReady}
            title="Type the solution's commands into the terminal"
            onClick={() => {
              setSolutionShown(true);
              actions.run(solution.commands);
            }}
          >
            Show me
          </button>
        )}
      </div>
      {shown.length > 0 && (
        <ol className="hints" aria-label="Hints">
          {shown.map((i) => (
            <li key={i} className="hint">
              <MarkdownText markdown={step.hints[i]!.text} />
            </li>
          ))}
        </ol>
      )}
      {solution && solutionShown && (
        <section className="solution" aria-label="Solution">
          <h4>Solution</h4>
          <MarkdownView markdown={solution.text} />
        </section>
      )}
    </div>
  );
}
