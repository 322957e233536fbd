/**
 * NODE ONLY: read a kubeconfig the way kubectl does, as far as grading needs: which server, which namespace, and how
 * to prove who we are (a CA, a client certificate and key, a bearer token, a user name and password). What it cannot
 * do (an exec credential plugin, an auth-provider, a proxy) is an error that names it, never a silent anonymous read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { GradeSetupError } from './grade-setup-error.js';

/** Everything needed to talk to one cluster as one user. */
export interface KubeAccess {
  /** The kubeconfig file(s) read, for messages. */
  source: string;
  context: string;
  user: string;
  /** The API server's URL, such as https://127.0.0.1:6443. */
  server: string;
  /** The context's namespace (default: default): where checks without a namespace look. */
  namespace: string;
  tls: {
    /** PEM: the certificate authorities to trust instead of the system's. */
    ca?: Buffer;
    /** PEM: the client certificate and its key. */
    cert?: Buffer;
    key?: Buffer;
    /** The kubeconfig's insecure-skip-tls-verify: the server's certificate is not checked. */
    insecureSkipTlsVerify: boolean;
    /** tls-server-name: the name to check the server's certificate against. */
    serverName?: string;
  };
  /** The Authorization header (Bearer token, or Basic user:password), when the user has one. */
  authorization?: string;
}

/** The kubeconfig is missing, unreadable or asks for something grading cannot do; the message says which. */
export class KubeconfigError extends GradeSetupError {
  override name = 'KubeconfigError';
}

/** Which kubeconfig files to read: `--kubeconfig`, else $KUBECONFIG (a path list), else ~/.kube/config. */
export function kubeconfigFiles(options: { flag?: string | undefined; env?: string | undefined; home?: string }): {
  files: string[];
  explicit: boolean;
} {
  if (options.flag !== undefined) return { files: [options.flag], explicit: true };
  const fromEnv = (options.env ?? '').split(':').filter(Boolean);
  if (fromEnv.length) return { files: fromEnv, explicit: true };
  return { files: [join(options.home ?? homedir(), '.kube', 'config')], explicit: false };
}

type Entry = Record<string, unknown>;

interface ConfigFile {
  path: string;
  config: Record<string, unknown>;
}

/**
 * Read the files (missing ones in a $KUBECONFIG list are passed over, as kubectl does; a `--kubeconfig` file must
 * exist) and resolve the context: `context` when given, else the current-context. As in kubectl, when several files
 * set the same thing the first one wins.
 */
export function readKubeconfig(options: { files: string[]; context?: string | undefined }): KubeAccess {
  const present = options.files.filter((f) => existsSync(f));
  if (present.length === 0) {
    const list = options.files.join(', ');
    throw new KubeconfigError(
      options.files.length === 1 ? `no kubeconfig at ${list}` : `none of the kubeconfig files exists: ${list}`,
    );
  }
  const configs = present.map(loadConfigFile);
  const source = present.join(':');

  const contextName = options.context ?? firstScalar(configs, 'current-context');
  const contextNames = namesIn(configs, 'contexts');
  if (!contextName)
    throw new KubeconfigError(
      `${source} sets no current-context: pass --context NAME${contextNames.length ? ` (it has: ${contextNames.join(', ')})` : ''}`,
    );
  const context = findNamed(configs, 'contexts', contextName, 'context');
  if (!context)
    throw new KubeconfigError(
      `${source} has no context named "${contextName}"${contextNames.length ? ` (it has: ${contextNames.join(', ')})` : ' (it has no contexts)'}`,
    );
  const clusterName = stringField(context.entry, 'cluster', `context "${contextName}"`, context.file);
  if (!clusterName) throw new KubeconfigError(`context "${contextName}" in ${context.file} names no cluster`);
  const cluster = findNamed(configs, 'clusters', clusterName, 'cluster');
  if (!cluster)
    throw new KubeconfigError(`context "${contextName}" names cluster "${clusterName}", which ${source} does not have`);
  const userName = stringField(context.entry, 'user', `context "${contextName}"`, context.file);
  const user = userName ? findNamed(configs, 'users', userName, 'user') : undefined;
  if (userName && !user)
    throw new KubeconfigError(`context "${contextName}" names user "${userName}", which ${source} does not have`);

  const clusterWhat = `cluster "${clusterName}"`;
  const server = stringField(cluster.entry, 'server', clusterWhat, cluster.file);
  if (!server) throw new KubeconfigError(`${clusterWhat} in ${cluster.file} has no server`);
  if (!/^https?:\/\/[^/]/.test(server))
    throw new KubeconfigError(
      `${clusterWhat} in ${cluster.file} has server "${server}": want an http:// or https:// URL`,
    );
  const proxy = stringField(cluster.entry, 'proxy-url', clusterWhat, cluster.file);
  if (proxy)
    throw new KubeconfigError(
      `${clusterWhat} is reached through the proxy ${proxy} (proxy-url), which lessons:grade does not support: use a kubeconfig that reaches the API server directly`,
    );

  const access: KubeAccess = {
    source,
    context: contextName,
    user: userName ?? '(none)',
    server: server.replace(/\/+$/, ''),
    namespace: stringField(context.entry, 'namespace', `context "${contextName}"`, context.file) || 'default',
    tls: {
      insecureSkipTlsVerify: cluster.entry['insecure-skip-tls-verify'] === true,
    },
  };
  const ca = pemFrom(cluster, 'certificate-authority', clusterWhat);
  if (ca) access.tls.ca = ca;
  const serverName = stringField(cluster.entry, 'tls-server-name', clusterWhat, cluster.file);
  if (serverName) access.tls.serverName = serverName;
  if (user) addCredentials(access, user, userName!);
  return access;
}

type Found = { entry: Entry; file: string };

function loadConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KubeconfigError(`cannot read the kubeconfig ${path}: ${(error as Error).message}`);
  }
  let config: unknown;
  try {
    config = parse(text);
  } catch (error) {
    throw new KubeconfigError(`the kubeconfig ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (config === null || config === undefined) config = {};
  if (typeof config !== 'object' || Array.isArray(config))
    throw new KubeconfigError(
      `the kubeconfig ${path} is not a kubeconfig (want a mapping with clusters, contexts, users)`,
    );
  return { path, config: config as Record<string, unknown> };
}

function firstScalar(configs: ConfigFile[], field: string): string | undefined {
  for (const { config } of configs) {
    const value = config[field];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}

function entriesOf(file: ConfigFile, list: string): Entry[] {
  const value = file.config[list];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new KubeconfigError(`${list} in ${file.path} is not a list`);
  return value.filter((e): e is Entry => typeof e === 'object' && e !== null);
}

function namesIn(configs: ConfigFile[], list: string): string[] {
  return [...new Set(configs.flatMap((c) => entriesOf(c, list).map((e) => String(e.name))))];
}

/** The named entry's body (`context:`, `cluster:` or `user:`) from the first file that has it. */
function findNamed(configs: ConfigFile[], list: string, name: string, body: string): Found | undefined {
  for (const file of configs) {
    const entry = entriesOf(file, list).find((e) => e.name === name);
    if (!entry) continue;
    const inner = entry[body] ?? {};
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner))
      throw new KubeconfigError(`${body} "${name}" in ${file.path} is not a mapping`);
    return { entry: inner as Record<string, unknown>, file: file.path };
  }
  return undefined;
}

function stringField(entry: Record<string, unknown>, field: string, what: string, file: string): string | undefined {
  const value = entry[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new KubeconfigError(`${field} of ${what} in ${file} is not text`);
  return value;
}

/** `<field>-data` (base64 PEM) or `<field>` (a file, relative to the kubeconfig's folder). */
function pemFrom(found: Found, field: string, what: string): Buffer | undefined {
  const data = stringField(found.entry, `${field}-data`, what, found.file);
  if (data) {
    const bytes = /^[A-Za-z0-9+/=\s]+$/.test(data) ? Buffer.from(data, 'base64') : Buffer.alloc(0);
    if (bytes.length === 0) throw new KubeconfigError(`${field}-data of ${what} in ${found.file} is not base64`);
    return bytes;
  }
  const path = stringField(found.entry, field, what, found.file);
  if (!path) return undefined;
  return readReferenced(found, path, `the ${field} of ${what}`);
}

function readReferenced(found: Found, path: string, what: string): Buffer {
  const full = isAbsolute(path) ? path : resolve(dirname(found.file), path);
  try {
    return readFileSync(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new KubeconfigError(`cannot read ${what}, ${full} (named in ${found.file}): ${why}`);
  }
}

function addCredentials(access: KubeAccess, user: Found, name: string): void {
  const what = `user "${name}"`;
  const exec = user.entry['exec'] as { command?: unknown } | undefined;
  if (exec)
    throw new KubeconfigError(
      `${what} in ${user.file} gets its credentials from the exec plugin "${String(exec.command ?? '?')}", which lessons:grade does not run: use a kubeconfig with a token or a client certificate (a service account token works on any cluster)`,
    );
  const provider = user.entry['auth-provider'] as { name?: unknown } | undefined;
  if (provider)
    throw new KubeconfigError(
      `${what} in ${user.file} gets its credentials from the auth-provider "${String(provider.name ?? '?')}", which lessons:grade does not support: use a kubeconfig with a token or a client certificate`,
    );
  const cert = pemFrom(user, 'client-certificate', what);
  const key = pemFrom(user, 'client-key', what);
  if (Boolean(cert) !== Boolean(key))
    throw new KubeconfigError(
      `${what} in ${user.file} has a client ${cert ? 'certificate but no key' : 'key but no certificate'}: it needs both`,
    );
  if (cert && key) {
    access.tls.cert = cert;
    access.tls.key = key;
  }
  const token = stringField(user.entry, 'token', what, user.file);
  const tokenFile = stringField(user.entry, 'tokenFile', what, user.file);
  const username = stringField(user.entry, 'username', what, user.file);
  if (token) access.authorization = `Bearer ${token}`;
  else if (tokenFile) {
    const text = readReferenced(user, tokenFile, `the tokenFile of ${what}`).toString('utf8').trim();
    if (!text) throw new KubeconfigError(`the tokenFile of ${what} in ${user.file} is empty`);
    access.authorization = `Bearer ${text}`;
  } else if (username) {
    const password = stringField(user.entry, 'password', what, user.file) ?? '';
    access.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
}
