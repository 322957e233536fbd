/**
 * The API client against real TLS: a CA, a server certificate and a client certificate made with openssl for the
 * test, and a Node https server that records what each request carried.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeApi } from './kube-api.node.js';
import type { KubeAccess } from './kubeconfig.node.js';

let dir: string;
let pem: Record<'ca' | 'serverCert' | 'serverKey' | 'clientCert' | 'clientKey', Buffer>;
let server: Server;
let port: number;
const seen: { path: string; authorization?: string; clientCN?: string }[] = [];

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wharf-kube-tls-'));
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=test-ca',
  );
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:api.internal\n');
  for (const [name, cn, ext] of [
    ['server', 'kube-apiserver', ['-extfile', 'san.ext']],
    ['client', 'student', []],
  ] as const) {
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${cn}`,
    );
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      ...ext,
    );
  }
  const read = (f: string) => readFileSync(join(dir, f));
  pem = {
    ca: read('ca.crt'),
    serverCert: read('server.crt'),
    serverKey: read('server.key'),
    clientCert: read('client.crt'),
    clientKey: read('client.key'),
  };
  server = createServer(
    { key: pem.serverKey, cert: pem.serverCert, ca: pem.ca, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      seen.push({
        path: req.url ?? '',
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        ...(peer.subject ? { clientCN: String(peer.subject.CN) } : {}),
      });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ gitVersion: 'v1.31.0' }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}, 30_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const access = (server: string, more: Partial<KubeAccess> = {}, tls: Partial<KubeAccess['tls']> = {}): KubeAccess => ({
  source: 'test',
  context: 'ctx',
  user: 'student',
  server,
  namespace: 'default',
  ...more,
  tls: { insecureSkipTlsVerify: false, ...tls },
});

describe('kubeApi over https', () => {
  it('trusts the kubeconfig’s CA, sends the bearer token, and keeps the server URL’s path', async () => {
    seen.length = 0;
    const api = kubeApi(
      access(`https://127.0.0.1:${port}/k8s/clusters/c-1`, { authorization: 'Bearer t0k' }, { ca: pem.ca }),
    );
    expect(await api.get('/version')).toEqual({ status: 200, body: { gitVersion: 'v1.31.0' } });
    expect(seen).toEqual([{ path: '/k8s/clusters/c-1/version', authorization: 'Bearer t0k' }]);
  });

  it('presents the client certificate', async () => {
    seen.length = 0;
    const api = kubeApi(
      access(`https://127.0.0.1:${port}`, {}, { ca: pem.ca, cert: pem.clientCert, key: pem.clientKey }),
    );
    await api.get('/api');
    expect(seen).toEqual([{ path: '/api', clientCN: 'student' }]);
  });

  it('refuses a server its CA did not sign, saying what to look at', async () => {
    const api = kubeApi(access(`https://127.0.0.1:${port}`));
    await expect(api.get('/version')).rejects.toThrow(
      new RegExp(
        `^cannot trust the API server at https://127.0.0.1:${port}: .*certificate.* \\(the kubeconfig's certificate-authority`,
      ),
    );
  });

  it('skips the check with insecure-skip-tls-verify', async () => {
    const api = kubeApi(access(`https://127.0.0.1:${port}`, {}, { insecureSkipTlsVerify: true }));
    expect((await api.get('/version')).status).toBe(200);
  });

  it('checks the certificate against tls-server-name when the URL’s host is not in it', async () => {
    const byName = (serverName?: string) =>
      kubeApi(access(`https://localhost:${port}`, {}, { ca: pem.ca, ...(serverName ? { serverName } : {}) }));
    await expect(byName().get('/version')).rejects.toThrow(/cannot trust/);
    expect((await byName('api.internal').get('/version')).status).toBe(200);
  });
});

describe('kubeApi over plain http', () => {
  let plain: HttpServer;
  it('reads status and JSON, and a body that is not JSON as undefined', async () => {
    plain = createHttpServer((req, res) => {
      res.writeHead(req.url === '/version' ? 200 : 401);
      res.end(req.url === '/version' ? '{"major":"1"}' : 'Unauthorized');
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const api = kubeApi(access(`http://127.0.0.1:${(plain.address() as AddressInfo).port}`));
    expect(await api.get('/version')).toEqual({ status: 200, body: { major: '1' } });
    expect(await api.get('/api')).toEqual({ status: 401, body: undefined });
    await new Promise<void>((resolve) => plain.close(() => resolve()));
  });

  it('says nothing answers when the port is closed', async () => {
    const closed = createHttpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(kubeApi(access(url)).get('/version')).rejects.toThrow(
      `nothing answers at ${url} (is the cluster running?)`,
    );
  });
});
