import { useEffect, useState } from 'react';
import type { LessonCatalog, LessonView } from '../../protocol/lessons.js';
import type { WorkerClient } from '../worker-client.js';
import type { VmView } from '../vm-store.js';
import { useAnnounce } from './announcer.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { lessonsAfter } from './course-order.js';
import { FinishPage } from './finish-page.js';
import { FINISH, finishShown, routeHash, type LessonRoute } from './lesson-route.js';
import type { LessonsModel, LessonsView } from './lessons-model.js';
import { MarkdownView } from './markdown-view.js';
import {
  completeSteps,
  lessonProgress,
  markFinished,
  markPrepared,
  recordQuiz,
  restart,
  setCurrent,
} from './progress.js';
import { StepSection } from './step-section.js';
import { allDone, currentStepId, nextStepId, openStepId, stepsBefore, stepStates } from './step-states.js';
import { TaskProgress } from './task-progress.js';
import { sameChoices } from './quiz-form.js';

export interface LessonPageProps {
  lesson: LessonView;
  catalog: LessonCatalog;
  view: LessonsView;
  model: LessonsModel;
  client: WorkerClient;
  vm: VmView;
  route: Extract<LessonRoute, { page: 'lesson' }>;
  navigate(route: LessonRoute, options?: { replace?: boolean }): void;
  /** Restart the VM from its clean snapshot (the top bar's Reset, without its question). */
  resetVm(): void;
}

/**
 * One lesson: its intro and steps, and everything that talks to the worker about it: setting it up the first time
 * (files, setup.sh), watching the step the learner works on, recording steps as done, jumping ahead, catching up
 * after the VM restarted, and starting over.
 */
export function LessonPage(props: LessonPageProps) {
  const { lesson, view, model, client, vm, route, navigate } = props;
  const announce = useAnnounce();
  const [confirmReset, setConfirmReset] = useState(false);
  const slug = lesson.slug;
  const stepIds = lesson.steps.map((s) => s.id);
  const firstStep = stepIds[0];
  const progress = lessonProgress(view.progress, slug);
  const current = currentStepId(lesson, progress);
  const currentIndex = current === undefined ? -1 : stepIds.indexOf(current);
  const states = stepStates(lesson, progress);
  const finishing = finishShown(route, stepIds) && allDone(lesson, progress);
  const openId = finishing ? undefined : openStepId(lesson, progress, route.step);
  const rawStatus = view.status[slug];
  const status = rawStatus && rawStatus.stepId === current ? rawStatus : undefined;
  const task = view.task[slug];
  const vmReady = vm.state === 'ready';
  const busy = task?.running === true;
  const canAct = vmReady && !busy;
  const setUpHere = view.setUpOn[slug] === vm.generation;
  const currentTitle = lesson.steps[currentIndex]?.title ?? '';

  // A lesson's URL becomes its step's, without a history entry of its own (back leaves the lesson).
  useEffect(() => {
    if (route.step === undefined && current !== undefined)
      navigate({ page: 'lesson', lesson: slug, step: current }, { replace: true });
  }, [route.step, current, slug, navigate]);

  useEffect(() => {
    if (progress.current === undefined && current !== undefined) model.update(slug, (p) => setCurrent(p, current));
  }, [model, slug, progress.current, current]);

  // The worker checks the step the learner works on (not on the finish page).
  useEffect(() => {
    if (current === undefined || finishing) return undefined;
    void client.api.watchStep({ lesson: slug, step: current });
    return () => void client.api.watchStep(undefined);
  }, [client, slug, current, finishing]);

  // Every check passed: the step is done. The learner moves on with Next when they have read it.
  const complete = status?.complete === true;
  useEffect(() => {
    if (!complete || current === undefined) return;
    if (!progress.done.includes(current)) {
      model.update(slug, (p) => completeSteps(p, [current]));
      announce(`Step done: ${currentTitle}.`);
    }
    model.setUp(slug, vm.generation); // what this step needed is there again: nothing to catch up on
  }, [complete, current, slug, model, announce, currentTitle, progress.done, vm.generation]);

  /** Run work on the lesson's VM state, with its progress shown and its error kept. */
  const work = async (
    kind: 'prepare' | 'fast-forward',
    message: string,
    steps: (token: number) => Promise<void>,
  ): Promise<boolean> => {
    const generation = vm.generation;
    const token = model.startTask(slug, kind, message);
    if (token === undefined) return false;
    try {
      await steps(token);
      model.setUp(slug, generation);
      model.endTask(slug, token);
      return true;
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      model.endTask(slug, token, text);
      announce(`${kind === 'prepare' ? 'Setting up the lesson' : 'Doing the earlier steps'} failed: ${text}`);
      return false;
    }
  };

  const prepare = () =>
    work('prepare', 'Setting up the lesson', async () => {
      await client.api.prepareLesson(slug);
      model.update(slug, (p) => markPrepared(p.current === undefined && firstStep ? setCurrent(p, firstStep) : p));
      announce(`The lesson “${lesson.meta.title}” is set up.`);
    });

  /** Do the steps before `target` by their solutions (setting the lesson up on this VM first when it is not). */
  const skipTo = (target: string) =>
    work('fast-forward', 'Doing the earlier steps for you', async (token) => {
      if (!setUpHere || !progress.prepared) {
        model.continueTask(slug, token, 'prepare', 'Setting up the lesson');
        await client.api.prepareLesson(slug);
        model.update(slug, markPrepared);
        model.continueTask(slug, token, 'fast-forward', 'Doing the earlier steps for you');
      }
      const before = stepsBefore(lesson, target);
      if (before.length) await client.api.fastForward({ lesson: slug, step: target });
      model.update(slug, (p) => setCurrent(completeSteps(p, before), target));
      navigate({ page: 'lesson', lesson: slug, step: target });
      announce(`Caught up: you are at “${lesson.steps.find((s) => s.id === target)?.title ?? target}”.`);
    });

  // First visit: set the lesson up as soon as the VM can take it (once: a failure waits for Try again).
  useEffect(() => {
    if (!progress.prepared && vmReady && !task) void prepare();
    // prepare is a fresh closure each render; what matters is the state that calls for it
  }, [progress.prepared, vmReady, task]);

  const next = () => {
    if (current === undefined) return;
    const after = nextStepId(lesson, current);
    if (after === undefined) {
      model.update(slug, markFinished);
      navigate({ page: 'lesson', lesson: slug, step: FINISH });
      announce(`You finished “${lesson.meta.title}”.`);
      return;
    }
    model.update(slug, (p) => setCurrent(p, after));
    navigate({ page: 'lesson', lesson: slug, step: after });
  };

  const check = async () => {
    const result = await client.api.checkStep().catch(() => undefined);
    if (!result) {
      announce('The checks could not run: is the VM ready?');
      return;
    }
    model.apply({ type: 'lesson/status', lesson: slug, status: result });
    const passed = result.checks.filter((c) => c.state === 'pass').length;
    announce(result.complete ? 'Every check passes.' : `${passed} of ${result.checks.length} checks pass.`);
  };

  const answer = (quizId: string, choices: number[], right: boolean) => {
    model.update(slug, (p) => recordQuiz(p, quizId, choices));
    void client.api.answerQuiz(slug, quizId, choices);
    announce(right ? 'Right answer.' : 'Not the right answer yet.');
  };

  const startOver = () => {
    setConfirmReset(false);
    // The VM goes first: the store says "booting" at once, so the set-up waits for the clean VM.
    props.resetVm();
    model.dismissTask(slug);
    for (const step of lesson.steps) if (step.quiz) void client.api.answerQuiz(slug, step.quiz.id, []);
    model.update(slug, () => restart(firstStep));
    if (firstStep) navigate({ page: 'lesson', lesson: slug, step: firstStep });
    announce('Starting the lesson over: the VM restarts, then the lesson is set up again.');
  };

  const stale = progress.prepared && vmReady && !setUpHere && !task && (currentIndex > 0 || lesson.setup !== undefined);
  const next2 = lessonsAfter(props.catalog.lessons, slug, (s) => lessonProgress(view.progress, s).finished);

  return (
    <article className="lesson" aria-labelledby="lesson-title" data-lesson={slug}>
      <nav className="lesson-nav" aria-label="Lesson">
        <a href={routeHash({ page: 'map' })}>← All lessons</a>
        <button type="button" className="link-button" onClick={() => setConfirmReset(true)}>
          Reset lesson
        </button>
      </nav>
      <h2 id="lesson-title">{lesson.meta.title}</h2>
      <p className="lesson-meta">
        <span>{lesson.meta.level}</span>
        <span>{lesson.meta.minutes} min</span>
        <span data-testid="lesson-step-count">
          {progress.done.filter((d) => stepIds.includes(d)).length}/{stepIds.length} steps done
        </span>
        {lesson.meta.needsKubernetes && <span>Kubernetes</span>}
      </p>
      {lesson.meta.needsKubernetes && vm.kubernetes.state !== 'ready' && <KubernetesNotice vm={vm} />}
      {!vmReady && !progress.prepared && (
        <div className="lesson-notice" role="status">
          The lesson is set up as soon as the VM has started.
        </div>
      )}
      {task && (
        <TaskProgress
          task={task}
          onDismiss={() => model.dismissTask(slug)}
          onRetry={() => {
            const kind = task.kind;
            model.dismissTask(slug);
            if (kind === 'prepare' && !progress.prepared) void prepare();
            else if (current !== undefined) void skipTo(current);
          }}
        />
      )}
      {stale && (
        <div className="lesson-notice" role="status" data-testid="catch-up">
          <p>
            The VM started afresh since you were here: what the steps before “{currentTitle}” made (containers,
            Kubernetes objects) is gone. <strong>Catch up</strong> sets the lesson up again and runs those steps’
            solutions for you.
          </p>
          <div className="step-actions">
            <button type="button" className="primary" onClick={() => current && void skipTo(current)}>
              Catch up
            </button>
            <button type="button" onClick={() => model.setUp(slug, vm.generation)}>
              Not now
            </button>
          </div>
        </div>
      )}
      {finishing ? (
        <FinishPage lesson={lesson} next={next2} onStartOver={() => setConfirmReset(true)} />
      ) : (
        <>
          <MarkdownView markdown={lesson.intro} className="lesson-intro" />
          <ol className="steps" aria-label="Steps">
            {lesson.steps.map((step, i) => (
              <li key={step.id}>
                <StepSection
                  step={step}
                  index={i}
                  state={states[step.id] ?? 'later'}
                  open={step.id === openId}
                  watched={step.id === current}
                  status={step.id === current ? status : undefined}
                  quizAnswer={step.quiz ? progress.quiz[step.quiz.id] : undefined}
                  last={i === lesson.steps.length - 1}
                  canAct={canAct}
                  onOpen={() => navigate({ page: 'lesson', lesson: slug, step: step.id })}
                  onCheck={check}
                  onNext={next}
                  onSkipHere={() => void skipTo(step.id)}
                  onResetLesson={() => setConfirmReset(true)}
                  onAnswer={(choices) => {
                    const quiz = step.quiz!;
                    const right = quiz.choices.flatMap((c, index) => (c.correct ? [index] : []));
                    answer(quiz.id, choices, sameChoices(choices, right));
                  }}
                />
              </li>
            ))}
          </ol>
          {allDone(lesson, progress) && (
            <p className="lesson-end">
              <a className="button" href={routeHash({ page: 'lesson', lesson: slug, step: FINISH })}>
                See what you learned →
              </a>
            </p>
          )}
        </>
      )}
      <ConfirmDialog
        open={confirmReset}
        title="Reset this lesson?"
        confirm="Reset lesson"
        onCancel={() => setConfirmReset(false)}
        onConfirm={startOver}
      >
        <p>
          The VM restarts from its clean snapshot (containers, images you built and Kubernetes objects are gone), the
          lesson is set up again and you start at step 1. Your workspace files stay.
        </p>
      </ConfirmDialog>
    </article>
  );
}

/** A Kubernetes lesson while the node is not ready: why kubectl does not answer yet. */
function KubernetesNotice({ vm }: { vm: VmView }) {
  const k = vm.kubernetes;
  if (k.state === 'failed')
    return (
      <div className="lesson-notice error" role="alert">
        This lesson needs Kubernetes, which did not start ({k.message}); kubectl will not answer. Reset the VM (top
        right) to try again.
      </div>
    );
  return (
    <div className="lesson-notice" role="status" data-testid="kubernetes-starting">
      <span className="spinner" aria-hidden="true" /> This lesson needs Kubernetes.{' '}
      {k.state === 'starting'
        ? 'Its node is starting: kubectl answers once it is ready (the status line counts the seconds).'
        : 'Its node starts once the VM is up; kubectl answers when it is ready.'}
    </div>
  );
}
