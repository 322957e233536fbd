import type { TaskView } from './lessons-model.js';

/** What the worker is doing for the lesson (set-up, catching up on earlier steps), or why it stopped. */
export function TaskProgress({ task, onRetry, onDismiss }: { task: TaskView; onRetry(): void; onDismiss(): void }) {
  const counted = task.total !== undefined && task.total > 0;
  if (task.error !== undefined)
    return (
      <div className="lesson-notice error" role="alert">
        <strong>{task.kind === 'prepare' ? 'Setting up the lesson failed.' : 'Doing the earlier steps failed.'}</strong>
        <pre className="task-error">{task.error}</pre>
        <div className="step-actions">
          <button type="button" className="primary" onClick={onRetry}>
            Try again
          </button>
          <button type="button" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      </div>
    );
  return (
    <div className="lesson-notice task" role="status" aria-busy="true" data-testid="lesson-task">
      <span className="spinner" aria-hidden="true" />
      <span className="task-message">
        {task.message}
        {counted && ` (${task.done ?? 0}/${task.total})`}
      </span>
      {counted && <progress max={task.total} value={task.done ?? 0} aria-label="Steps done" />}
    </div>
  );
}
