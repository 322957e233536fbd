import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { DRAFT_PREFIX, type LessonCatalog, type LessonView } from '../../protocol/lessons.js';
import type { TerminalBus } from '../terminal/terminal-bus.js';
import type { VmView } from '../vm-store.js';
import type { WorkerClient } from '../worker-client.js';
import { Announcer, useAnnounce } from './announcer.js';
import { AuthorHome } from './author-home.js';
import { useAuthor, type AuthorModel } from './author-model.js';
import { DraftPage } from './draft-page.js';
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
  /** Author mode and opened lessons. */
  author: AuthorModel;
  terminal: TerminalBus;
  /** Show a workspace file in the editor, at a line when given (and bring the editor forward on a phone). */
  openInEditor(path: string, line?: number): void;
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

function LessonPaneBody({ client, vm, model, author, terminal, openInEditor, resetVm }: LessonPaneProps) {
  const announce = useAnnounce();
  const view = useLessons(model);
  const authorView = useAuthor(author);
  const [route, navigate] = useHashRoute();
  const [catalog, setCatalog] = useState<LessonCatalog>();
  const [failed, setFailed] = useState<string>();
  const terminalReady = useSyncExternalStore(terminal.subscribe, terminal.ready);

  useEffect(() => {
    client.api.lessons().then(
      (c) => setCatalog({ ...c, lessons: courseOrder(c.lessons) }),
      (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)),
    );
  }, [client, authorView.catalogVersion]);

  // After a reload, author mode opens the folder it had open (its files are in the VM's workspace).
  useEffect(() => {
    if (vm.state === 'ready') void author.resume();
  }, [author, vm.state, vm.generation]);

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

  const lessonPage = (lesson: LessonView, all: LessonCatalog) =>
    route.page === 'lesson' && (
      <LessonPage
        key={lesson.slug}
        lesson={lesson}
        catalog={all}
        view={view}
        model={model}
        client={client}
        vm={vm}
        route={route}
        navigate={navigate}
        resetVm={resetVm}
      />
    );

  const download = async () => {
    try {
      const { fileName, text } = await client.api.packLessonDraft();
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      announce(`Downloading ${fileName}.`);
    } catch (e) {
      author.say({
        kind: 'error',
        text: `The lesson could not be packed: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  };

  let body;
  if (failed) body = <p className="error-text">The lessons could not be loaded: {failed}</p>;
  else if (!catalog) body = <p className="muted">Loading the lessons…</p>;
  else if (route.page === 'author')
    body = <AuthorHome client={client} vm={vm} author={author} view={authorView} navigate={navigate} />;
  else if (route.page === 'lesson' && route.lesson.startsWith(DRAFT_PREFIX)) {
    const draft = authorView.draft?.slug === route.lesson ? authorView.draft : undefined;
    const preview = draft && authorView.preview;
    body = draft ? (
      <DraftPage
        draft={draft}
        openInEditor={openInEditor}
        onDownload={() => void download()}
        onClose={() => {
          author.close();
          navigate({ page: 'author' });
        }}
      >
        {preview && lessonPage(preview, { ...catalog, lessons: [...catalog.lessons, preview] })}
      </DraftPage>
    ) : (
      <div className="lesson-notice" role="status">
        {authorView.folder !== undefined && vm.state !== 'failed'
          ? `Opening ${authorView.folder} in author mode once the VM is ready…`
          : 'This draft is not open.'}{' '}
        <a href={routeHash({ page: 'author' })}>Author mode</a>
      </div>
    );
  } else {
    const opened = catalog.opened.flatMap((p) => p.lessons);
    const all = { ...catalog, lessons: [...catalog.lessons, ...courseOrder(opened)] };
    const lesson = route.page === 'lesson' ? all.lessons.find((l) => l.slug === route.lesson) : undefined;
    if (lesson) body = lessonPage(lesson, all);
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
          <CourseMap
            catalog={catalog}
            progress={view.progress}
            onOpenFile={(file) =>
              void file.arrayBuffer().then(
                (bytes) => author.openPack(new Uint8Array(bytes), file.name),
                () => author.say({ kind: 'error', text: `${file.name} could not be read.` }),
              )
            }
            onRemove={(pack) => void author.removePack(pack.id, pack.title)}
          />
        </>
      );
  }
  return (
    <PageActionsContext.Provider value={actions}>
      {authorView.banner && (
        <div
          className={`lesson-notice lesson-banner ${authorView.banner.kind === 'error' ? 'error' : ''}`}
          role={authorView.banner.kind === 'error' ? 'alert' : 'status'}
          data-testid="lesson-banner"
        >
          <span>{authorView.banner.text}</span>{' '}
          <button type="button" className="link-button" onClick={() => author.say(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      {body}
    </PageActionsContext.Provider>
  );
}
