/**
 * POST pods/<name>/portforward: SPDY/3.1 with the portforward.k8s.io protocol. For every local connection kubectl
 * opens an error stream and a data stream (headers: streamtype, port, requestid); we dial the pod's port through the
 * kubelet and copy bytes both ways; failures are written as text to the error stream, as the kubelet does.
 */
import type { HttpRequest, ResponseWriter } from '../../http/index.js';
import type { PodRuntime } from '../kubelet/pod-runtime.js';
import { ApiError, badRequest } from './errors.js';
import { negotiate } from './pod-exec.js';
import type { ResourceRegistry } from './resource-registry.js';
import { SpdySession, type SpdyStream } from './spdy/session.js';
import type { JsonObject } from '../objects/index.js';

const encoder = new TextEncoder();

export function servePodPortForward(
  registry: ResourceRegistry,
  runtime: PodRuntime | undefined,
  namespace: string,
  name: string,
  req: HttpRequest,
  res: ResponseWriter,
): void {
  const pod = registry.store.mustGet('pods', namespace, name) as JsonObject;
  const phase = (pod.status as JsonObject | undefined)?.phase;
  if (phase !== 'Running') throw badRequest(`pod ${name} is not running. Current status=${String(phase)}`);
  const protocol = negotiate(req, 'portforward.k8s.io');
  if (!runtime) throw new ApiError(503, 'ServiceUnavailable', 'the kubelet is not running on this node');
  const raw = res.upgrade({ Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': protocol });
  const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream }>();
  new SpdySession(raw, (stream) => {
    stream.reply();
    const id = stream.header('requestid') ?? '';
    const pair = pairs.get(id) ?? {};
    pairs.set(id, pair);
    if (stream.header('streamtype') === 'error') pair.error = stream;
    else pair.data = stream;
    if (pair.data && pair.error) {
      pairs.delete(id);
      void forward(runtime, namespace, name, pair.data, pair.error);
    }
  });
}

async function forward(
  runtime: PodRuntime,
  namespace: string,
  pod: string,
  data: SpdyStream,
  error: SpdyStream,
): Promise<void> {
  const port = Number(data.header('port'));
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    error.write(encoder.encode(`invalid port: ${String(data.header('port'))}`));
    error.end();
    data.end();
    return;
  }
  try {
    const conn = await runtime.portForward(namespace, pod, port);
    data.onData((d) => conn.write(d));
    data.onEnd(() => conn.end());
    conn.onData((d) => data.write(d));
    conn.onEnd(() => data.end());
    conn.onClose(() => {
      data.end();
      error.end();
    });
  } catch (e) {
    error.write(
      encoder.encode(`error forwarding port ${port} to pod ${pod}: ${e instanceof Error ? e.message : String(e)}`),
    );
    error.end();
    data.end();
  }
}
