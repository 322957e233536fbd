/** GET pods/<name>/log: the kubelet's log stream as chunked text/plain (`logs -f` keeps the response open). */
import type { HttpRequest, ResponseWriter } from '../../http/index.js';
import { PodRuntimeError, type PodRuntime } from '../kubelet/pod-runtime.js';
import { flag, intParam } from './content.js';
import { ApiError, badRequest } from './errors.js';
import type { ResourceRegistry } from './resource-registry.js';
import type { JsonObject } from '../objects/index.js';

export async function servePodLog(
  registry: ResourceRegistry,
  runtime: PodRuntime | undefined,
  namespace: string,
  name: string,
  req: HttpRequest,
  res: ResponseWriter,
): Promise<void> {
  const pod = registry.store.mustGet('pods', namespace, name);
  const containers = ((pod.spec as JsonObject | undefined)?.containers as JsonObject[] | undefined) ?? [];
  let container = req.query.get('container') ?? undefined;
  if (!container) {
    if (containers.length !== 1) {
      const names = containers.map((c) => String(c.name)).join(' ');
      throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${names}]`);
    }
    container = String(containers[0]!.name);
  } else if (!containers.some((c) => c.name === container)) {
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  }
  const statuses = ((pod.status as JsonObject | undefined)?.containerStatuses as JsonObject[] | undefined) ?? [];
  const status = statuses.find((s) => s.name === container);
  const waiting = (status?.state as JsonObject | undefined)?.waiting as JsonObject | undefined;
  if (!status || (waiting && !(status.lastState as JsonObject | undefined)?.terminated)) {
    const reason = (waiting?.reason as string | undefined) ?? 'ContainerCreating';
    throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
  }
  if (!runtime) throw new ApiError(503, 'ServiceUnavailable', 'the kubelet is not running');
  let stream;
  try {
    stream = await runtime.logs(namespace, name, container, {
      follow: flag(req, 'follow'),
      tailLines: intParam(req, 'tailLines'),
      timestamps: flag(req, 'timestamps'),
      previous: flag(req, 'previous'),
      sinceSeconds: intParam(req, 'sinceSeconds'),
      limitBytes: intParam(req, 'limitBytes'),
    });
  } catch (error) {
    if (error instanceof PodRuntimeError) throw new ApiError(error.code, error.reason, error.message);
    throw error;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  stream.onData((d) => res.write(d));
  stream.onEnd(() => res.end());
  res.onClose(() => stream.close());
}
