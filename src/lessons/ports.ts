/**
 * What lesson checks read, as small interfaces (ports), so the checks run against the real stack in the worker and
 * against fakes in unit tests. stack-ports.ts builds each from a running stack (`startStack`):
 *
 * | port      | satisfied by                                                                          |
 * | --------- | ------------------------------------------------------------------------------------- |
 * | cluster   | `stack.cluster` (the in-process ClusterClient: reads and watches, no HTTP)             |
 * | docker    | `stack.docker` (DockerClient on the guest's dockerd), volumes over the same socket      |
 * | workspace | `stack.vm.link.readFile` under /root/workspace; changes from the worker's WorkspaceSync |
 * | http      | `stack.vm.link.connect({ tcp })` + src/http's client: a request made inside the guest  |
 * | command   | `stack.vm.link.exec(['sh', '-c', ...])` in the workspace                              |
 * | quiz      | QuizAnswers (quiz-answers.ts), fed by the page through the worker                     |
 */
import type { KubeObject } from '../cluster/objects/index.js';
import type { Disposable } from '../protocol/byte-stream.js';
import type { KubernetesKind } from './schema/check-kinds.js';

export interface ClusterPort {
  /** The object, or undefined when there is none. */
  get(kind: KubernetesKind, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  list(kind: KubernetesKind, options: { namespace?: string; labelSelector?: string }): Promise<KubeObject[]>;
  /** Called after any change to objects of this kind (no payload: checks read what they need afresh). */
  watch(kind: KubernetesKind, onChange: () => void): Disposable;
}

export interface DockerContainerView {
  id: string;
  /** Without Docker's leading slash. */
  name: string;
  /** The image as the container was created from it (`nginx`, `wharf/hello:2.0`). */
  image: string;
  state: 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
  ports: { privatePort: number; publicPort?: number; type: string }[];
}

export interface DockerPort {
  /** Every container, stopped ones too (`docker ps -a`). */
  containers(): Promise<DockerContainerView[]>;
  /** Restarts Docker made under the container's restart policy; undefined when there is no such container. */
  restartCount(nameOrId: string): Promise<number | undefined>;
  images(): Promise<{ id: string; tags: string[] }[]>;
  volumes(): Promise<string[]>;
  networks(): Promise<string[]>;
  /**
   * Called on every Docker event that changes what checks read (container start/die/destroy, image pull/tag/delete,
   * volume and network create/destroy; not exec or attach).
   */
  onEvent(listener: () => void): Disposable;
}

export interface WorkspacePort {
  /** The file's text (path relative to the workspace), or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /** Called with a workspace-relative path when a file changes (saved in the editor, or written in a terminal). */
  onChange(listener: (path: string) => void): Disposable;
}

export interface HttpPort {
  /** One GET made from inside the guest; rejects when nothing answers. */
  get(target: { host: string; port: number; path: string }): Promise<{ status: number; body: string }>;
}

export interface CommandPort {
  /** `sh -c script` in the guest's workspace. */
  run(script: string, timeoutMs: number): Promise<{ exitCode: number; output: string }>;
}

export interface QuizPort {
  /** The choices (indexes) the learner picked, or undefined when the quiz is unanswered. */
  answer(quizId: string): readonly number[] | undefined;
  onAnswer(listener: (quizId: string) => void): Disposable;
}

export interface LessonPorts {
  cluster: ClusterPort;
  docker: DockerPort;
  workspace: WorkspacePort;
  http: HttpPort;
  command: CommandPort;
  quiz: QuizPort;
  /**
   * Called when the learner finished a command in a terminal (the prompt came back): the one trigger for checks no
   * event announces (http, command). Optional: without it they run on `checkNow()` and with other triggers.
   */
  onActivity?(listener: () => void): Disposable;
}
