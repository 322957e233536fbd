import { realClock, type Clock } from '../cluster/clock.js';
import type { Disposable } from '../protocol/byte-stream.js';
import type { Stack } from '../stack/stack.js';
import { clusterPort } from './cluster-port.js';
import { dockerPort } from './docker-port.js';
import { commandPort, httpPort, workspacePort } from './guest-ports.js';
import type { LessonPorts, QuizPort } from './ports.js';

export interface StackPortsOptions {
  /** The learner's quiz answers (a QuizAnswers the worker feeds from the page). */
  quiz: QuizPort;
  /** Workspace change notices (the worker's WorkspaceSync). */
  onWorkspaceChange(listener: (path: string) => void): Disposable;
  /** "A terminal command finished" notices (the worker's terminals), for http and command checks. */
  onActivity?(listener: () => void): Disposable;
  /** @default realClock */
  clock?: Clock;
}

/** Every port the checks read, on a running stack: how the worker hands lessons the engine. */
export function lessonPortsFromStack(stack: Stack, options: StackPortsOptions): LessonPorts {
  const link = () => stack.vm.link;
  return {
    cluster: clusterPort(stack.cluster),
    docker: dockerPort(
      stack.docker,
      () => stack.vm.link.connect({ unix: '/var/run/docker.sock' }),
      options.clock ?? realClock,
    ),
    workspace: workspacePort(link, options.onWorkspaceChange),
    http: httpPort(link),
    command: commandPort(link),
    quiz: options.quiz,
    ...(options.onActivity ? { onActivity: options.onActivity } : {}),
  };
}
