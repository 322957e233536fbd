import type { CheckResult, CheckView, StepStatus } from '../../protocol/lessons.js';

/**
 * The step's checks as a list: ✓ passed, a spinner while the state settles (with why: "2 of 3 pods ready"), ✗ with
 * the reason sentence when not done. Before the first result, each check shows as not checked yet.
 */
export function CheckList({ checks, status }: { checks: readonly CheckView[]; status: StepStatus | undefined }) {
  const results = new Map(status?.checks.map((r) => [r.id, r]));
  return (
    <ul className="check-list" aria-label="Checks">
      {checks.map((check) => {
        const result = results.get(check.id);
        return (
          <li key={check.id} className={`check check-${result?.state ?? 'unknown'}`} data-check={check.id}>
            <CheckIcon result={result} />
            <span className="check-text">
              <span className="check-title">{checkTitle(check, result)}</span>
              {result && result.state !== 'pass' && <span className="check-reason">{result.reason}</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function CheckIcon({ result }: { result: CheckResult | undefined }) {
  if (!result)
    return (
      <span className="check-icon" aria-label="not checked yet" role="img">
        ○
      </span>
    );
  if (result.state === 'pass')
    return (
      <span className="check-icon" aria-label="done" role="img">
        ✓
      </span>
    );
  if (result.state === 'pending') return <span className="check-icon spinner" aria-label="in progress" role="img" />;
  return (
    <span className="check-icon" aria-label="not done" role="img">
      ✗
    </span>
  );
}

/** The lesson's title for the check, or words from its kind when it has none. */
export function checkTitle(check: CheckView | CheckResult, result?: CheckResult): string {
  const title = result?.title ?? check.title;
  if (title) return title;
  if ('check' in check && check.check === 'quiz') return 'The quiz is answered right';
  return check.id.replace(/-/g, ' ');
}
