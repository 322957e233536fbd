import { useRef } from 'react';
import type { LessonCatalog, LessonView, OpenedPack } from '../../protocol/lessons.js';
import { missingPrerequisites } from './course-order.js';
import { routeHash } from './lesson-route.js';
import { lessonProgress, progressSummary, type Progress } from './progress.js';

/**
 * The pane's home: the ways to open a shared lesson or write one (at the top: the course is long), every lesson with
 * what it is about and how far the learner got, and the lessons that failed to load with their errors as a compiler
 * prints them (an instructor sees at once why a lesson is missing).
 */
export function CourseMap({
  catalog,
  progress,
  onOpenFile,
  onRemove,
}: {
  catalog: LessonCatalog;
  progress: Progress;
  /** A lesson file the learner picked ("Open lesson file…"). */
  onOpenFile(file: File): void;
  onRemove(pack: OpenedPack): void;
}) {
  const fileInput = useRef<HTMLInputElement>(null);
  const opened = catalog.opened.flatMap((p) => p.lessons);
  const titles = new Map([...catalog.lessons, ...opened].map((l) => [l.slug, l.meta.title]));
  return (
    <div className="course-map">
      <h2>Welcome to Wharf</h2>
      <p>
        A real Linux VM with Docker and Kubernetes runs in this tab. Nothing is sent to a server, and it works offline.
        Pick a lesson, or just use the terminal.
      </p>
      <div className="map-actions">
        <button type="button" onClick={() => fileInput.current?.click()}>
          Open lesson file…
        </button>
        <a className="button" href={routeHash({ page: 'author' })}>
          Write a lesson
        </a>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="lesson-file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = ''; // the same file again is a new choice
            if (file) onOpenFile(file);
          }}
        />
      </div>
      <p className="muted">
        A shared lesson (a <code>.wharf-lesson.json</code> file) opens from here, or dropped anywhere on the page. Files
        in <code>/root/workspace</code> show up in the editor and are kept for your next visit.
      </p>
      <h3 className="map-heading">Lessons</h3>
      {catalog.lessons.length === 0 && <p className="muted">No lessons in this build.</p>}
      <LessonList lessons={catalog.lessons} progress={progress} titles={titles} />
      {catalog.broken.length > 0 && (
        <section className="broken-lessons" aria-label="Lessons that did not load">
          <h3>Lessons that did not load</h3>
          <p className="muted">Fix these in the lesson files; the other lessons work meanwhile.</p>
          {catalog.broken.map((b) => (
            <div key={b.slug} className="broken-lesson">
              <h4>
                {b.slug} <span className="muted">({b.source})</span>
              </h4>
              <ul className="lesson-errors">
                {b.errors.map((e, i) => (
                  <li key={i}>
                    <code>
                      {e.file}:{e.line}:{e.column}
                    </code>{' '}
                    {e.message}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      )}
      {catalog.opened.length > 0 && (
        <section className="opened-lessons" aria-label="Opened lessons">
          <h3 className="map-heading">Opened lessons</h3>
          <p className="muted">
            Lessons you opened from a file or a link. They stay in this browser until you remove them.
          </p>
          {catalog.opened.map((pack) => (
            <div key={pack.id} className="opened-pack" data-pack={pack.id}>
              <p className="opened-pack-head">
                <strong>{pack.title}</strong> <span className="muted">from {pack.from}</span>{' '}
                <button type="button" className="link-button" onClick={() => onRemove(pack)}>
                  Remove
                </button>
              </p>
              <LessonList lessons={pack.lessons} progress={progress} titles={titles} />
            </div>
          ))}
        </section>
      )}
    </div>
  );
}

/** Lessons as cards, each with what it waits for among the lessons not finished yet. */
function LessonList(props: { lessons: readonly LessonView[]; progress: Progress; titles: Map<string, string> }) {
  const finished = (slug: string) => lessonProgress(props.progress, slug).finished;
  return (
    <ol className="lesson-list">
      {props.lessons.map((lesson) => (
        <LessonCard
          key={lesson.slug}
          lesson={lesson}
          progress={props.progress}
          titles={props.titles}
          missing={missingPrerequisites(lesson, finished)}
        />
      ))}
    </ol>
  );
}

function LessonCard(props: { lesson: LessonView; progress: Progress; titles: Map<string, string>; missing: string[] }) {
  const { lesson } = props;
  const p = lessonProgress(props.progress, lesson.slug);
  const summary = progressSummary(
    p,
    lesson.steps.map((s) => s.id),
  );
  const action = summary.finished ? 'Review' : summary.started ? 'Continue' : 'Start';
  const prerequisites = lesson.meta.prerequisites ?? [];
  return (
    <li className="lesson-card" data-lesson={lesson.slug}>
      <h4>
        <a href={routeHash({ page: 'lesson', lesson: lesson.slug })}>{lesson.meta.title}</a>
      </h4>
      <p>{lesson.meta.summary}</p>
      <p className="lesson-meta">
        <span>{lesson.meta.level}</span>
        <span>{lesson.meta.minutes} min</span>
        <span>
          {lesson.steps.length} step{lesson.steps.length === 1 ? '' : 's'}
        </span>
        {lesson.meta.needsKubernetes && <span>needs Kubernetes</span>}
      </p>
      {prerequisites.length > 0 && (
        <p className="lesson-prereq">
          After:{' '}
          {prerequisites.map((slug, i) => (
            <span key={slug}>
              {i > 0 && ', '}
              <a href={routeHash({ page: 'lesson', lesson: slug })}>{props.titles.get(slug) ?? slug}</a>
              {props.missing.includes(slug) ? '' : ' ✓'}
            </span>
          ))}
        </p>
      )}
      <div className="lesson-progress">
        <progress
          max={summary.total}
          value={summary.done}
          aria-label={`${lesson.meta.title}: ${summary.done} of ${summary.total} steps done`}
        />
        <span className="muted" data-testid={`progress-${lesson.slug}`}>
          {summary.finished ? 'Finished ✓' : `${summary.done}/${summary.total} steps`}
        </span>
        <a className="button" href={routeHash({ page: 'lesson', lesson: lesson.slug })}>
          {action}
        </a>
      </div>
    </li>
  );
}
