import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GradeSetupError } from './grade-setup-error.js';
import { kubeconfigFiles, KubeconfigError, readKubeconfig } from './kubeconfig.node.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const CA = '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wharf-kubeconfig-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A kubeconfig with one cluster, one user and a context joining them (plus whatever `more` adds). */
function config(options: { cluster?: string; user?: string; context?: string; current?: string; more?: string }) {
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${options.current ?? 'dev'}`,
    'clusters:',
    '- name: dev-cluster',
    '  cluster:',
    `    ${options.cluster ?? 'server: https://10.0.0.1:6443'}`.replace(/\n/g, '\n    '),
    'users:',
    '- name: dev-user',
    '  user:',
    `    ${options.user ?? 'token: abc'}`.replace(/\n/g, '\n    '),
    'contexts:',
    '- name: dev',
    '  context:',
    `    ${options.context ?? 'cluster: dev-cluster\nuser: dev-user\nnamespace: student1'}`.replace(/\n/g, '\n    '),
    options.more ?? '',
  ].join('\n');
}

const read = (text: string, context?: string) => readKubeconfig({ files: [write('config', text)], context });
const error = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KubeconfigError);
    expect(e).toBeInstanceOf(GradeSetupError);
    return (e as Error).message;
  }
  throw new Error('expected a KubeconfigError');
};

describe('readKubeconfig: what it reads', () => {
  it('takes the current context: its server, namespace and bearer token', () => {
    const access = read(config({}));
    expect(access).toMatchObject({
      context: 'dev',
      user: 'dev-user',
      server: 'https://10.0.0.1:6443',
      namespace: 'student1',
      authorization: 'Bearer abc',
      tls: { insecureSkipTlsVerify: false },
    });
    expect(access.tls.ca).toBeUndefined();
    expect(access.tls.cert).toBeUndefined();
  });

  it('takes another context with --context, and namespace default when the context names none', () => {
    const more = ['- name: other', '  context: {cluster: dev-cluster, user: dev-user}'].join('\n');
    // `more` lands after the contexts list, so it adds to it.
    const access = read(config({ more }), 'other');
    expect(access.context).toBe('other');
    expect(access.namespace).toBe('default');
  });

  it('decodes certificate-authority-data, client-certificate-data and client-key-data', () => {
    const access = read(
      config({
        cluster: `server: https://k:6443\ncertificate-authority-data: ${b64(CA)}`,
        user: `client-certificate-data: ${b64(CERT)}\nclient-key-data: ${b64(KEY)}`,
      }),
    );
    expect(access.tls.ca?.toString()).toBe(CA);
    expect(access.tls.cert?.toString()).toBe(CERT);
    expect(access.tls.key?.toString()).toBe(KEY);
    expect(access.authorization).toBeUndefined();
  });

  it('reads certificate files, relative paths from the kubeconfig’s folder as kubectl does', () => {
    write('ca.crt', CA);
    write('client.crt', CERT);
    const key = write('client.key', KEY);
    const access = read(
      config({
        cluster: 'server: https://k:6443\ncertificate-authority: ca.crt',
        user: `client-certificate: ./client.crt\nclient-key: ${key}`,
      }),
    );
    expect(access.tls.ca?.toString()).toBe(CA);
    expect(access.tls.cert?.toString()).toBe(CERT);
    expect(access.tls.key?.toString()).toBe(KEY);
  });

  it('reads a tokenFile (trimmed), and a user name and password as Basic', () => {
    write('token', 'from-file\n');
    expect(read(config({ user: 'tokenFile: token' })).authorization).toBe('Bearer from-file');
    expect(read(config({ user: 'username: ada\npassword: s3cret' })).authorization).toBe(`Basic ${b64('ada:s3cret')}`);
  });

  it('reads insecure-skip-tls-verify and tls-server-name, and drops a trailing slash of the server', () => {
    const access = read(
      config({ cluster: 'server: https://k:6443/\ninsecure-skip-tls-verify: true\ntls-server-name: api.internal' }),
    );
    expect(access.server).toBe('https://k:6443');
    expect(access.tls).toMatchObject({ insecureSkipTlsVerify: true, serverName: 'api.internal' });
  });

  it('uses no credentials for a user with none, or a context without a user (a local, open API server)', () => {
    expect(read(config({ user: '{}' })).authorization).toBeUndefined();
    const access = read(config({ context: 'cluster: dev-cluster' }));
    expect(access.user).toBe('(none)');
    expect(access.authorization).toBeUndefined();
  });

  it('merges a KUBECONFIG list as kubectl does: missing files passed over, the first file to set a thing wins', () => {
    const first = write('a', 'current-context: b-ctx\nusers:\n- name: u\n  user: {token: first}\n');
    const second = write(
      'b',
      [
        'current-context: ignored',
        'clusters:\n- name: c\n  cluster: {server: "http://127.0.0.1:8080"}',
        'users:\n- name: u\n  user: {token: second}',
        'contexts:\n- name: b-ctx\n  context: {cluster: c, user: u}',
      ].join('\n'),
    );
    const access = readKubeconfig({ files: [join(dir, 'missing'), first, second] });
    expect(access).toMatchObject({ context: 'b-ctx', server: 'http://127.0.0.1:8080', authorization: 'Bearer first' });
    expect(access.source).toBe(`${first}:${second}`);
  });
});

describe('readKubeconfig: errors that say what to change', () => {
  it('a missing file, or a list of which none exists', () => {
    expect(error(() => readKubeconfig({ files: [join(dir, 'nope')] }))).toBe(`no kubeconfig at ${join(dir, 'nope')}`);
    expect(error(() => readKubeconfig({ files: [join(dir, 'x'), join(dir, 'y')] }))).toBe(
      `none of the kubeconfig files exists: ${join(dir, 'x')}, ${join(dir, 'y')}`,
    );
  });

  it('a file that is not YAML, or not a mapping', () => {
    expect(error(() => read('clusters: [\n'))).toMatch(/^the kubeconfig .*config is not valid YAML: /);
    expect(error(() => read('- a\n- b\n'))).toMatch(/is not a kubeconfig \(want a mapping/);
  });

  it('no current-context, naming the contexts there are', () => {
    expect(error(() => read(config({ current: '""' })))).toMatch(
      /sets no current-context: pass --context NAME \(it has: dev\)$/,
    );
  });

  it('a context that is not there, naming the ones that are', () => {
    expect(error(() => read(config({}), 'prod'))).toMatch(/has no context named "prod" \(it has: dev\)$/);
  });

  it('a context naming a cluster or user the file does not have', () => {
    expect(error(() => read(config({ context: 'cluster: gone\nuser: dev-user' })))).toMatch(
      /^context "dev" names cluster "gone", which .* does not have$/,
    );
    expect(error(() => read(config({ context: 'cluster: dev-cluster\nuser: gone' })))).toMatch(
      /^context "dev" names user "gone", which .* does not have$/,
    );
  });

  it('a cluster without a server, or with one that is not an http(s) URL', () => {
    expect(error(() => read(config({ cluster: 'insecure-skip-tls-verify: true' })))).toMatch(
      /^cluster "dev-cluster" in .* has no server$/,
    );
    expect(error(() => read(config({ cluster: 'server: 10.0.0.1:6443' })))).toMatch(
      /has server "10.0.0.1:6443": want an http:\/\/ or https:\/\/ URL$/,
    );
  });

  it('an exec credential plugin, named, which it does not run', () => {
    const message = error(() =>
      read(
        config({ user: 'exec:\n  apiVersion: client.authentication.k8s.io/v1beta1\n  command: aws-iam-authenticator' }),
      ),
    );
    expect(message).toMatch(
      /^user "dev-user" in .* gets its credentials from the exec plugin "aws-iam-authenticator", which lessons:grade does not run/,
    );
  });

  it('an auth-provider, named', () => {
    expect(error(() => read(config({ user: 'auth-provider:\n  name: gcp' })))).toMatch(
      /from the auth-provider "gcp", which lessons:grade does not support/,
    );
  });

  it('a proxy-url', () => {
    expect(error(() => read(config({ cluster: 'server: https://k\nproxy-url: socks5://proxy:1080' })))).toMatch(
      /through the proxy socks5:\/\/proxy:1080 \(proxy-url\), which lessons:grade does not support/,
    );
  });

  it('a client certificate without its key, and a key without its certificate', () => {
    expect(error(() => read(config({ user: `client-certificate-data: ${b64(CERT)}` })))).toMatch(
      /has a client certificate but no key: it needs both$/,
    );
    expect(error(() => read(config({ user: `client-key-data: ${b64(KEY)}` })))).toMatch(
      /has a client key but no certificate: it needs both$/,
    );
  });

  it('a certificate file or token file that is not there, or an empty token file', () => {
    expect(error(() => read(config({ cluster: 'server: https://k\ncertificate-authority: missing-ca.crt' })))).toBe(
      `cannot read the certificate-authority of cluster "dev-cluster", ${join(dir, 'missing-ca.crt')} (named in ${join(dir, 'config')}): no such file`,
    );
    expect(error(() => read(config({ user: 'tokenFile: /nonexistent/token' })))).toMatch(
      /^cannot read the tokenFile of user "dev-user", \/nonexistent\/token .*: no such file$/,
    );
    write('empty', '\n');
    expect(error(() => read(config({ user: 'tokenFile: empty' })))).toMatch(
      /the tokenFile of user "dev-user" .* is empty$/,
    );
  });

  it('certificate data that is not base64', () => {
    expect(
      error(() => read(config({ cluster: 'server: https://k\ncertificate-authority-data: "not base64!"' }))),
    ).toMatch(/certificate-authority-data of cluster "dev-cluster" in .* is not base64$/);
  });
});

describe('kubeconfigFiles', () => {
  it('is --kubeconfig, else each path of KUBECONFIG, else ~/.kube/config (the only one that may be absent)', () => {
    expect(kubeconfigFiles({ flag: 'k', env: '/a:/b' })).toEqual({ files: ['k'], explicit: true });
    expect(kubeconfigFiles({ env: '/a::/b' })).toEqual({ files: ['/a', '/b'], explicit: true });
    expect(kubeconfigFiles({ env: '', home: '/home/ada' })).toEqual({
      files: ['/home/ada/.kube/config'],
      explicit: false,
    });
  });
});
