/**
 * NODE ONLY: the ports a grade reads, on the grading machine: the cluster a kubeconfig names, the Docker Engine on a
 * unix socket, the workspace folder, plain HTTP and `sh -c`. What a lesson does not read is not opened; what it reads
 * but is not there (no ~/.kube/config, no Docker socket) is skipped with the reason; what was asked for explicitly
 * and cannot be used (a --kubeconfig that is not there, a cluster that does not answer) is a GradeSetupError.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Lesson } from '../lesson.js';
import type { ClusterPort, DockerPort, QuizPort } from '../ports.js';
import { apiClusterPort, type KubeApi } from './api-cluster-port.js';
import { dockerSocketPath, openDockerSocket } from './docker-socket.node.js';
import { readsCluster, readsDocker, type GradeSources } from './grade-lesson.js';
import { GradeSetupError } from './grade-setup-error.js';
import { kubeApi } from './kube-api.node.js';
import { kubeconfigFiles, readKubeconfig, type KubeAccess } from './kubeconfig.node.js';
import { localHttpPort } from './local-http.node.js';
import { shellCommandPort } from './shell-command.node.js';
import { workspaceFolderPort } from './workspace-folder.node.js';

export interface GradingSourcesOptions {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  dockerSocket?: string | undefined;
  /** An absolute folder. */
  workspace: string;
  /** The lesson's steps to grade (1-based); decides what must be reachable. */
  steps: number[];
  /** process.env: KUBECONFIG, DOCKER_HOST, HOME. */
  env: Record<string, string | undefined>;
}

export interface GradingSources {
  sources: GradeSources;
  /** One line per source, for the report's head ("cluster   https://... (context x, namespace y)"). */
  describe: string[];
  /** For --json. */
  summary: { cluster?: string; context?: string; namespace?: string; dockerSocket?: string; workspace: string };
}

/** A port for what is not there; never read, since its checks are skipped, but a clear error if one ever were. */
const absentCluster = (why: string): ClusterPort => ({
  get: () => Promise.reject(new Error(why)),
  list: () => Promise.reject(new Error(why)),
  watch: () => ({ dispose() {} }),
});
const absentDocker = (why: string): DockerPort => {
  const no = () => Promise.reject(new Error(why));
  return { containers: no, restartCount: no, images: no, volumes: no, networks: no, onEvent: () => ({ dispose() {} }) };
};
const noQuizAnswers: QuizPort = { answer: () => undefined, onAnswer: () => ({ dispose() {} }) };

/** The API server answers and accepts the credentials (GET /version), or a GradeSetupError says what is wrong. */
export async function probeCluster(api: KubeApi, access: KubeAccess): Promise<void> {
  let status: number;
  try {
    ({ status } = await api.get('/version'));
  } catch (error) {
    throw new GradeSetupError(
      `cannot grade against context "${access.context}" of ${access.source}: ${(error as Error).message}`,
    );
  }
  if (status === 401)
    throw new GradeSetupError(
      `the API server at ${access.server} did not accept the credentials of user "${access.user}" (context "${access.context}" of ${access.source}): 401 Unauthorized`,
    );
}

export async function gradingSources(lesson: Lesson, options: GradingSourcesOptions): Promise<GradingSources> {
  const checks = options.steps.flatMap((n) => lesson.steps[n - 1]?.checks ?? []);
  const workspace = resolve(options.workspace);
  if (!existsSync(workspace) || !statSync(workspace).isDirectory())
    throw new GradeSetupError(`--workspace ${options.workspace}: no such folder`);
  const describe: string[] = [];
  const summary: GradingSources['summary'] = { workspace };
  const sources: GradeSources = {
    ports: {
      cluster: absentCluster('no cluster'),
      docker: absentDocker('no Docker Engine'),
      workspace: workspaceFolderPort(workspace),
      http: localHttpPort(),
      command: shellCommandPort(workspace),
      quiz: noQuizAnswers,
    },
  };

  const files = kubeconfigFiles({
    flag: options.kubeconfig,
    env: options.env['KUBECONFIG'],
    home: options.env['HOME'],
  });
  const needsCluster = checks.some(readsCluster);
  if (!files.explicit && !existsSync(files.files[0]!) && options.context === undefined) {
    // Nothing asked for a cluster: a Docker-only grade without one is fine, and cluster checks say why they skipped.
    sources.clusterMissing = `no kubeconfig at ${files.files[0]} (pass --kubeconfig FILE)`;
    if (needsCluster) describe.push(`cluster    skipped: ${sources.clusterMissing}`);
  } else if (files.explicit || needsCluster || options.context !== undefined) {
    const access = readKubeconfig({ files: files.files, context: options.context });
    const api = kubeApi(access);
    if (needsCluster) await probeCluster(api, access);
    sources.ports.cluster = apiClusterPort(api);
    sources.namespace = access.namespace;
    describe.push(`cluster    ${access.server} (context ${access.context}, namespace ${access.namespace})`);
    Object.assign(summary, { cluster: access.server, context: access.context, namespace: access.namespace });
  }

  const socket = dockerSocketPath({ flag: options.dockerSocket, dockerHost: options.env['DOCKER_HOST'] });
  if (checks.some(readsDocker)) {
    const docker = await openDockerSocket(socket);
    if ('port' in docker) {
      sources.ports.docker = docker.port;
      describe.push(`docker     ${socket}`);
      summary.dockerSocket = socket;
    } else {
      sources.dockerMissing = docker.missing;
      describe.push(`docker     skipped: ${docker.missing}`);
    }
  }
  describe.push(`workspace  ${workspace}`);
  return { sources, describe, summary };
}
