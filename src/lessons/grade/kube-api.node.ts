/**
 * NODE ONLY: GETs to a Kubernetes API server with the TLS and credentials a kubeconfig gave (KubeAccess), over Node's
 * http/https. One request per read, no keep-alive pool to hold the process open after grading.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KubeApi } from './api-cluster-port.js';
import type { KubeAccess } from './kubeconfig.node.js';

const REQUEST_TIMEOUT_MS = 15_000;

export function kubeApi(access: KubeAccess, timeoutMs = REQUEST_TIMEOUT_MS): KubeApi {
  const base = new URL(access.server);
  // A server URL may carry a path (a cluster behind a gateway, such as https://host/k8s/clusters/c-1).
  const prefix = base.pathname.replace(/\/+$/, '');
  const secure = base.protocol === 'https:';
  return {
    get: (path) =>
      new Promise((resolve, reject) => {
        const options = {
          method: 'GET',
          host: base.hostname.replace(/^\[|\]$/g, ''),
          port: base.port || (secure ? 443 : 80),
          path: prefix + path,
          headers: {
            Accept: 'application/json',
            ...(access.authorization ? { Authorization: access.authorization } : {}),
          },
          timeout: timeoutMs,
          ...(secure
            ? {
                rejectUnauthorized: !access.tls.insecureSkipTlsVerify,
                ...(access.tls.ca ? { ca: access.tls.ca } : {}),
                ...(access.tls.cert ? { cert: access.tls.cert } : {}),
                ...(access.tls.key ? { key: access.tls.key } : {}),
                ...(access.tls.serverName ? { servername: access.tls.serverName } : {}),
              }
            : {}),
        };
        const onResponse = (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              body = undefined;
            }
            resolve({ status: res.statusCode ?? 0, body });
          });
          res.on('error', reject);
        };
        const req = secure ? httpsRequest(options, onResponse) : httpRequest(options, onResponse);
        req.on('timeout', () =>
          req.destroy(new Error(`the API server at ${access.server} did not answer in ${timeoutMs / 1000} s`)),
        );
        req.on('error', (error) => reject(new Error(unreachable(access, error))));
        req.end();
      }),
  };
}

/** Why a request got no answer, with what to look at for the usual causes. */
function unreachable(access: KubeAccess, error: NodeJS.ErrnoException): string {
  const at = `the API server at ${access.server}`;
  if (error.message.startsWith(at)) return error.message;
  if (error.code === 'ECONNREFUSED') return `nothing answers at ${access.server} (is the cluster running?)`;
  if (error.code === 'ENOTFOUND') return `cannot find the host of ${access.server} (${error.message})`;
  if (/certificate|self.signed|SSL|TLS/i.test(error.message))
    return `cannot trust ${at}: ${error.message} (the kubeconfig's certificate-authority is not the one that signed the server's certificate)`;
  return `cannot reach ${at}: ${error.message}`;
}
