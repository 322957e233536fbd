import type { Clock } from '../../cluster/clock.js';
import type { Quiz } from '../lesson.js';
import type { CheckSpec } from '../schema/check-kinds.js';
import type { LessonPorts } from '../ports.js';
import { pending, type CheckOutcome } from './check-outcome.js';
import { commandCheck, DEFAULT_COMMAND_TIMEOUT_S } from './command-check.js';
import {
  containerState,
  imageExists,
  networkExists,
  portPublished,
  restartCount,
  volumeExists,
} from './docker-checks.js';
import { httpGet } from './http-check.js';
import {
  fieldValue,
  imageInUse,
  objectCount,
  objectExists,
  readyPods,
  rolloutComplete,
  serviceSelectsReadyPods,
} from './kubernetes-checks.js';
import { quizCheck } from './quiz-check.js';
import { dockerfileInstruction, fileContains, fileExists, yamlField } from './workspace-checks.js';

/** What a check's evaluation may use besides the ports. */
export interface CheckContext {
  ports: LessonPorts;
  clock: Clock;
  /** The step's quiz, for its `quiz` check. */
  quiz?: Quiz;
  /** How long one evaluation may take before it counts as timed out. @default 20000 (command checks: their own) */
  timeoutMs?: number;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 20_000;

function run(check: CheckSpec, { ports, quiz }: CheckContext): Promise<CheckOutcome> | CheckOutcome {
  switch (check.check) {
    case 'kubernetes.exists':
      return objectExists(check, ports.cluster);
    case 'kubernetes.field':
      return fieldValue(check, ports.cluster);
    case 'kubernetes.count':
      return objectCount(check, ports.cluster);
    case 'kubernetes.ready-pods':
      return readyPods(check, ports.cluster);
    case 'kubernetes.service-selects-ready-pods':
      return serviceSelectsReadyPods(check, ports.cluster);
    case 'kubernetes.rollout-complete':
      return rolloutComplete(check, ports.cluster);
    case 'kubernetes.image-in-use':
      return imageInUse(check, ports.cluster);
    case 'docker.container':
      return containerState(check, ports.docker);
    case 'docker.port-published':
      return portPublished(check, ports.docker);
    case 'docker.image-exists':
      return imageExists(check, ports.docker);
    case 'docker.volume-exists':
      return volumeExists(check, ports.docker);
    case 'docker.network-exists':
      return networkExists(check, ports.docker);
    case 'docker.restart-count':
      return restartCount(check, ports.docker);
    case 'file.exists':
      return fileExists(check, ports.workspace);
    case 'file.contains':
      return fileContains(check, ports.workspace);
    case 'file.yaml-field':
      return yamlField(check, ports.workspace);
    case 'file.dockerfile-instruction':
      return dockerfileInstruction(check, ports.workspace);
    case 'http.get':
      return httpGet(check, ports.http, ports.cluster);
    case 'command':
      return commandCheck(check, ports.command);
    case 'quiz':
      return quizCheck(check, quiz, ports.quiz);
  }
}

/**
 * Evaluate one check. A check that cannot read its state (the guest is busy, Docker did not answer) or takes too long
 * is `pending` with its own reason code, never `fail`: the learner did nothing wrong, and the check runs again.
 */
export async function evaluateCheck(check: CheckSpec, context: CheckContext): Promise<CheckOutcome> {
  const limit =
    check.check === 'command'
      ? (check.timeoutSeconds ?? DEFAULT_COMMAND_TIMEOUT_S) * 1000 + 5000
      : (context.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
  let cancel = () => {};
  const timeout = new Promise<CheckOutcome>((resolve) => {
    cancel = context.clock.after(limit, () =>
      resolve(pending('timed-out', `the check took longer than ${Math.round(limit / 1000)} s; it will run again`)),
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(() => run(check, context)), timeout]);
  } catch (error) {
    return pending('unavailable', `the check could not read the state it needs (${(error as Error).message})`);
  } finally {
    cancel();
  }
}
