import type { CheckSpec, KubernetesKind } from '../schema/check-kinds.js';

/** Which changes can alter a check's result: what the step watcher subscribes to for it. */
export interface CheckTriggers {
  kubernetes: Set<KubernetesKind>;
  docker: boolean;
  /** Workspace paths; a change elsewhere in the workspace does not re-run the check. */
  files: Set<string>;
  quizzes: Set<string>;
  /** Nothing announces a change (http, command): re-run when the learner finishes a terminal command. */
  activity: boolean;
}

export function emptyTriggers(): CheckTriggers {
  return { kubernetes: new Set(), docker: false, files: new Set(), quizzes: new Set(), activity: false };
}

/** Add what `check` reads to `into`. */
export function addTriggers(check: CheckSpec, into: CheckTriggers): CheckTriggers {
  switch (check.check) {
    case 'kubernetes.exists':
    case 'kubernetes.field':
    case 'kubernetes.count':
      into.kubernetes.add(check.kind);
      break;
    case 'kubernetes.ready-pods':
      into.kubernetes.add('Pod');
      break;
    case 'kubernetes.service-selects-ready-pods':
      into.kubernetes.add('Service').add('Pod');
      break;
    case 'kubernetes.rollout-complete':
      into.kubernetes.add('Deployment');
      break;
    case 'kubernetes.image-in-use':
      into.kubernetes.add(check.deployment ? 'Deployment' : 'Pod');
      break;
    case 'docker.container':
    case 'docker.port-published':
    case 'docker.image-exists':
    case 'docker.volume-exists':
    case 'docker.network-exists':
    case 'docker.restart-count':
      into.docker = true;
      break;
    case 'file.exists':
    case 'file.contains':
    case 'file.yaml-field':
      into.files.add(check.path);
      // A file written in a terminal (an editor there, `cat >`) is announced only when the learner's command ends.
      into.activity = true;
      break;
    case 'file.dockerfile-instruction':
      into.files.add(check.path ?? 'Dockerfile');
      into.activity = true;
      break;
    case 'http.get':
      // A web server's answer changes with the containers and Services behind it, and with nothing else we see.
      into.docker = true;
      into.activity = true;
      if (check.port === undefined) into.kubernetes.add('Service').add('Pod');
      break;
    case 'command':
      into.activity = true;
      break;
    case 'quiz':
      into.quizzes.add(check.quiz);
      break;
  }
  // A passing Kubernetes check waits for the cluster to come to rest (cluster-motion.ts): its motion is in these.
  if (check.check.startsWith('kubernetes.')) into.kubernetes.add('Deployment').add('Pod');
  return into;
}
