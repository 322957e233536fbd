import type { LessonView } from '../../protocol/lessons.js';
import { routeHash } from './lesson-route.js';
import { MarkdownView } from './markdown-view.js';

/** The end of a lesson: its finish text, what was learned (the steps), what to try next. */
export function FinishPage(props: { lesson: LessonView; next: LessonView[]; onStartOver(): void }) {
  const { lesson } = props;
  return (
    <div className="finish-page">
      <h3>🎉 You finished “{lesson.meta.title}”</h3>
      {lesson.finish && <MarkdownView markdown={lesson.finish} />}
      <h4>What you did</h4>
      <ul className="learned">
        {lesson.steps.map((s) => (
          <li key={s.id}>
            <a href={routeHash({ page: 'lesson', lesson: lesson.slug, step: s.id })}>{s.title}</a>
          </li>
        ))}
      </ul>
      <h4>Try next</h4>
      {props.next.length ? (
        <ul className="try-next">
          {props.next.map((l) => (
            <li key={l.slug}>
              <a href={routeHash({ page: 'lesson', lesson: l.slug })}>{l.meta.title}</a>: {l.meta.summary}
            </li>
          ))}
        </ul>
      ) : (
        <p>You have done every lesson. The terminal is yours: try what you learned on your own.</p>
      )}
      <div className="step-actions">
        <a className="button" href={routeHash({ page: 'map' })}>
          All lessons
        </a>
        <button type="button" onClick={props.onStartOver}>
          Start over
        </button>
      </div>
    </div>
  );
}
