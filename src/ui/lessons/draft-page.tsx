import type { ReactNode } from 'react';
import type { LessonDraft } from '../../protocol/lessons.js';
import { routeHash } from './lesson-route.js';

export interface DraftPageProps {
  draft: LessonDraft;
  /** The preview (the lesson page of the draft's last version that loaded), when there is one. */
  children?: ReactNode;
  /** Show a file in the editor at a line (an error's place). */
  openInEditor(path: string, line?: number): void;
  onDownload(): void;
  onClose(): void;
}

/**
 * Author mode on one draft: where it lives, its errors as a compiler prints them (each opens the file at its line),
 * then the lesson as a learner will see it. The preview is live: its checks run against this VM.
 */
export function DraftPage({ draft, children, openInEditor, onDownload, onClose }: DraftPageProps) {
  const loads = draft.lesson !== undefined;
  return (
    <div className="draft-page" data-draft={draft.folder}>
      <div className="author-bar" role="region" aria-label="Author mode">
        <p>
          <strong>Author mode</strong>: <code>/root/workspace/{draft.folder}</code>{' '}
          <span className="muted">(updates as you save)</span>
        </p>
        <div className="step-actions">
          <button
            type="button"
            onClick={() => openInEditor(`${draft.folder}/lesson.md`)}
            disabled={draft.problem !== undefined}
          >
            Edit lesson.md
          </button>
          <button type="button" onClick={onDownload} disabled={!loads} title="A .wharf-lesson.json file to share">
            Download as file
          </button>
          <a className="button" href={routeHash({ page: 'author' })}>
            Other folder
          </a>
          <button type="button" className="link-button" onClick={onClose}>
            Close
          </button>
        </div>
        {draft.problem && (
          <p className="error-text" role="alert">
            {draft.problem}
          </p>
        )}
        {draft.errors.length > 0 && (
          <div className="draft-errors" role="alert" aria-label="Lesson errors">
            <p>
              {draft.errors.length === 1 ? 'One mistake keeps' : `${draft.errors.length} mistakes keep`} this lesson
              from loading{children ? ' (below: its last version that loaded)' : ''}:
            </p>
            <ul className="lesson-errors">
              {draft.errors.map((e, i) => (
                <li key={i}>
                  <button type="button" className="link-button" onClick={() => openInEditor(e.file, e.line)}>
                    <code>
                      {e.file}:{e.line}:{e.column}
                    </code>
                  </button>{' '}
                  {e.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {children ?? (!draft.problem && draft.errors.length === 0 && <p className="muted">Reading the lesson…</p>)}
    </div>
  );
}
