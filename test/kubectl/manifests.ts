/** Manifests the kubectl suites apply, written as a learner would write them. */

export interface DeploymentOptions {
  /** @default 1 */
  replicas?: number;
  /** `app` value the selector matches. @default the name (the template's label) */
  selector?: string;
  /** `spec.strategy.type`, left out when unset. */
  strategy?: 'Recreate' | 'RollingUpdate';
  /** A containerPort on the one container, left out when unset. */
  port?: number;
}

/** A Deployment of one container named `web`, its pods labelled app=<name>. */
export function deploymentYaml(name: string, image: string, options: DeploymentOptions = {}): string {
  const strategy = options.strategy ? `  strategy:\n    type: ${options.strategy}\n` : '';
  const ports = options.port ? `        ports:\n        - containerPort: ${options.port}\n` : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${options.replicas ?? 1}
${strategy}  selector:
    matchLabels:
      app: ${options.selector ?? name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: web
        image: ${image}
${ports}`;
}
