import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { LessonCatalog } from '../../protocol/lessons.js';
import type { TerminalBus } from '../terminal/terminal-bus.js';
import type { VmView } from '../vm-store.js';
import type { WorkerClient } from '../worker-client.js';
import { Announcer, useAnnounce } from './announcer.js';
import { CourseMap } from './course-map.js';
import { courseOrder } from './course-order.js';
import { LessonPage } from './lesson-page.js';
import { routeHash } from './lesson-route.js';
import { useLessons, type LessonsModel } from './lessons-model.js';
import { PageActionsContext, type PageActions } from './page-actions.js';
import { useHashRoute } from './use-hash-route.js';

export interface LessonPaneProps {
  client: WorkerClient;
  vm: VmView;
  model: LessonsModel;
  terminal: TerminalBus;
  /** Show a workspace file in the editor (and bring the editor forward on a phone). */
  openInEditor(path: string): void;
  /** Restart the VM from its clean snapshot. */
  resetVm(): void;
}

/**
 * The lesson column: the course map when no lesson is open, else the lesson the URL names. The catalog comes from
 * the worker (it loaded and validated the lessons bundled with it).
 */
export function LessonPane(props: LessonPaneProps) {
  return (
    <section className="pane lesson-pane" aria-label="Lesson" data-pane tabIndex={-1}>
      <Announcer>
        <LessonPaneBody {...props} />
      </Announcer>
    </section>
  );
}

function LessonPaneBody({ client, vm, model, terminal, openInEditor, resetVm }: LessonPaneProps) {
  const announce = useAnnounce();
  const view = useLessons(model);
  const [route, navigate] = useHashRoute();
  const [catalog, setCatalog] = useState<LessonCatalog>();
  const [failed, setFailed] = useState<string>();
  const terminalReady = useSyncExternalStore(terminal.subscribe, terminal.ready);

  useEffect(() => {
    client.api.lessons().then(
      (c) => setCatalog({ ...c, lessons: courseOrder(c.lessons) }),
      (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)),
    );
  }, [client]);

  // The worker keeps quiz answers in memory only: hand it the saved ones again (a reload started a new worker).
  useEffect(() => {
    for (const [slug, p] of Object.entries(model.get().progress))
      for (const [quizId, choices] of Object.entries(p.quiz)) void client.api.answerQuiz(slug, quizId, choices);
  }, [client, model]);

  const vmReady = vm.state === 'ready';
  const actions = useMemo<PageActions>(() => {
    const createFile = async (path: string, text: string) => {
      try {
        await client.api.writeWorkspaceFile(path, text.endsWith('\n') ? text : `${text}\n`);
        announce(`Created ${path} in the workspace.`);
      } catch (e) {
        announce(`Could not create ${path}: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      }
    };
    return {
      terminalReady,
      vmReady,
      run(commands) {
        const where = terminal.run(commands);
        announce(where ? `Typed into ${where}.` : 'No terminal is ready yet: wait for the prompt.');
      },
      copy(text) {
        const clipboard = navigator.clipboard as Clipboard | undefined;
        if (!clipboard) return announce('Copying is not allowed here: select the text and press Ctrl+C.');
        clipboard.writeText(text).then(
          () => announce('Copied.'),
          () => announce('Copying is not allowed here: select the text and press Ctrl+C.'),
        );
      },
      createFile,
      async openFile(path, text) {
        const exists = await client.api.readWorkspaceFile(path).then(
          () => true,
          () => false,
        );
        if (!exists) await createFile(path, text).catch(() => undefined);
        openInEditor(path);
      },
    };
  }, [client, terminal, terminalReady, vmReady, announce, openInEditor]);

  let body;
  if (failed) body = <p className="error-text">The lessons could not be loaded: {failed}</p>;
  else if (!catalog) body = <p className="muted">Loading the lessons…</p>;
  else {
    const lesson = route.page === 'lesson' ? catalog.lessons.find((l) => l.slug === route.lesson) : undefined;
    if (route.page === 'lesson' && lesson)
      body = (
        <LessonPage
          key={lesson.slug}
          lesson={lesson}
          catalog={catalog}
          view={view}
          model={model}
          client={client}
          vm={vm}
          route={route}
          navigate={navigate}
          resetVm={resetVm}
        />
      );
    else
      body = (
        <>
          {route.page === 'lesson' && (
            <div className="lesson-notice" role="status">
              There is no lesson “{route.lesson}” in this build{' '}
              {catalog.broken.some((b) => b.slug === route.lesson) ? '(it did not load: see below)' : ''}.{' '}
              <a href={routeHash({ page: 'map' })}>All lessons</a>
            </div>
          )}
          <CourseMap catalog={catalog} progress={view.progress} />
        </>
      );
  }
  return <PageActionsContext.Provider value={actions}>{body}</PageActionsContext.Provider>;
}
