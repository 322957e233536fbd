/** TEST ONLY: in-memory ports with realistic data, driven by the tests (Docker, workspace, HTTP, commands). */
import type {
  ClusterPort,
  CommandPort,
  DockerContainerView,
  DockerPort,
  HttpPort,
  LessonPorts,
  WorkspacePort,
} from '../ports.js';
import { QuizAnswers } from '../quiz-answers.js';
import { Listeners } from '../../protocol/listeners.js';

export class FakeDocker implements DockerPort {
  containerList: DockerContainerView[] = [];
  imageList = [
    { id: 'sha256:1111', tags: ['nginx:latest', 'nginx:1.22', 'nginx:stable'] },
    { id: 'sha256:2222', tags: ['busybox:latest'] },
  ];
  volumeList: string[] = [];
  networkList = ['bridge', 'host', 'none'];
  restarts = new Map<string, number>();
  reads = 0;
  readonly events = new Listeners<[]>();

  async containers() {
    this.reads++;
    return this.containerList;
  }
  async restartCount(name: string) {
    return this.restarts.get(name);
  }
  async images() {
    return this.imageList;
  }
  async volumes() {
    return this.volumeList;
  }
  async networks() {
    return this.networkList;
  }
  onEvent(listener: () => void) {
    return this.events.add(listener);
  }
  /** `docker run -d --name <name> -p <host>:<port> <image>` as `docker ps` would then list it. */
  run(name: string, image: string, ports: [number, number][] = [], state: DockerContainerView['state'] = 'running') {
    this.containerList = [
      ...this.containerList.filter((c) => c.name !== name),
      {
        id: `${name}-id`,
        name,
        image,
        state,
        ports: ports.map(([publicPort, privatePort]) => ({ privatePort, publicPort, type: 'tcp' })),
      },
    ];
    this.events.emit();
  }
}

export class FakeWorkspace implements WorkspacePort {
  readonly files = new Map<string, string>();
  readonly changes = new Listeners<[string]>();
  async readFile(path: string) {
    return this.files.get(path);
  }
  onChange(listener: (path: string) => void) {
    return this.changes.add(listener);
  }
  write(path: string, text: string) {
    this.files.set(path, text);
    this.changes.emit(path);
  }
}

export class FakeHttp implements HttpPort {
  /** `host:port` -> answer; a missing entry is a refused connection. */
  readonly servers = new Map<string, { status: number; body: string }>();
  async get({ host, port }: { host: string; port: number; path: string }) {
    const answer = this.servers.get(`${host}:${port}`);
    if (!answer) throw new Error('connection refused');
    return answer;
  }
}

export class FakeCommands implements CommandPort {
  readonly scripts = new Map<string, { exitCode: number; output: string }>();
  async run(script: string) {
    return this.scripts.get(script) ?? { exitCode: 127, output: 'sh: not found' };
  }
}

/** A cluster port that sees nothing: for tests of the other ports. */
export const emptyCluster: ClusterPort = {
  get: async () => undefined,
  list: async () => [],
  watch: () => ({ dispose() {} }),
};

export function fakePorts(cluster: ClusterPort = emptyCluster) {
  const docker = new FakeDocker();
  const workspace = new FakeWorkspace();
  const http = new FakeHttp();
  const command = new FakeCommands();
  const quiz = new QuizAnswers();
  const activity = new Listeners<[]>();
  const ports: LessonPorts = {
    cluster,
    docker,
    workspace,
    http,
    command,
    quiz,
    onActivity: (listener) => activity.add(listener),
  };
  return { ports, docker, workspace, http, command, quiz, activity };
}
