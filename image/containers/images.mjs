// The curated images: what each is made of and its container config (modelled on the official images).
import { readFileSync, readdirSync, rmSync, symlinkSync, copyFileSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { chrootSh, writeInto } from './lib/chroot.mjs';

const FILES = new URL('./files/', import.meta.url).pathname;
const file = (name) => readFileSync(join(FILES, name));
export const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Debian python3-* packages turned into wheels for the python image's offline pip index. */
export const WHEEL_PACKAGES = [
  'python3-flask',
  'python3-werkzeug',
  'python3-jinja2',
  'python3-markupsafe:i386',
  'python3-itsdangerous',
  'python3-click',
  'python3-blinker',
  'python3-requests',
  'python3-certifi',
  'python3-charset-normalizer',
  'python3-idna',
  'python3-urllib3',
  'python3-gunicorn',
  'python3-redis',
  'python3-deprecated',
  'python3-wrapt:i386',
  'python3-packaging',
  'python3-async-timeout',
  'python3-six',
  'python3-chardet',
];

/**
 * kind "debian": the trimmed Debian rootfs plus `packages` installed with apt in a chroot, then `customize`;
 * kind "busybox": the static busybox tree; kind "hello": busybox plus the demo app for `version`.
 */
export const IMAGES = [
  {
    id: 'debian',
    kind: 'debian',
    refs: ['debian:bookworm-slim', 'debian:12-slim', 'debian:bookworm', 'debian:12', 'debian:latest'],
    config: { Env: [PATH], Cmd: ['bash'] },
  },
  {
    id: 'busybox',
    kind: 'busybox',
    refs: ['busybox:latest', 'busybox:1.35', 'busybox:stable'],
    config: { Env: [PATH], Cmd: ['sh'] },
  },
  {
    id: 'nginx',
    kind: 'debian',
    packages: ['nginx'],
    refs: ['nginx:latest', 'nginx:1.22', 'nginx:stable'],
    customize(root) {
      rmSync(join(root, 'etc/nginx/sites-enabled/default'), { force: true });
      writeInto(root, 'etc/nginx/conf.d/default.conf', file('nginx/default.conf'));
      rmSync(join(root, 'usr/share/nginx/html'), { recursive: true, force: true });
      writeInto(root, 'usr/share/nginx/html/index.html', file('nginx/index.html'));
      writeInto(root, 'usr/share/nginx/html/50x.html', file('nginx/50x.html'));
      // Logs go to the container's stdout/stderr, so `docker logs` shows them (as in the official image).
      for (const [log, target] of [
        ['access.log', '/dev/stdout'],
        ['error.log', '/dev/stderr'],
      ]) {
        rmSync(join(root, 'var/log/nginx', log), { force: true });
        symlinkSync(target, join(root, 'var/log/nginx', log));
      }
    },
    config: {
      Env: [PATH, 'NGINX_VERSION=1.22.1'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      ExposedPorts: { '80/tcp': {} },
      StopSignal: 'SIGQUIT',
    },
  },
  {
    id: 'redis',
    kind: 'debian',
    packages: ['redis-server'],
    refs: ['redis:latest', 'redis:7', 'redis:7.0'],
    customize(root) {
      writeInto(root, 'usr/local/bin/redis-server', file('redis/redis-server'), 0o755);
      mkdirSync(join(root, 'data'), { recursive: true });
    },
    config: {
      Env: [PATH, 'REDIS_VERSION=7.0.15'],
      Cmd: ['redis-server'],
      ExposedPorts: { '6379/tcp': {} },
      Volumes: { '/data': {} },
      WorkingDir: '/data',
    },
  },
  {
    id: 'python',
    kind: 'debian',
    packages: ['python3', 'python3-pip', 'python-is-python3'],
    refs: [
      'python:3.11-slim',
      'python:3.11-slim-bookworm',
      'python:3.11',
      'python:3-slim',
      'python:3',
      'python:latest',
    ],
    customize(root, { wheelDir }) {
      // Debian marks its python as apt-managed (PEP 668); in a container pip must be free to install.
      rmSync(join(root, 'usr/lib/python3.11/EXTERNALLY-MANAGED'), { force: true });
      writeInto(root, 'etc/pip.conf', file('python/pip.conf'));
      mkdirSync(join(root, 'usr/share/wharf/wheels'), { recursive: true });
      for (const whl of readWheelNames(wheelDir)) {
        copyFileSync(join(wheelDir, whl), join(root, 'usr/share/wharf/wheels', whl));
        chmodSync(join(root, 'usr/share/wharf/wheels', whl), 0o644);
      }
      // Check the index really resolves what lessons use, natively and fast, before it ships.
      chrootSh(
        root,
        'pip install -q --target /tmp/wheel-check Flask==2.2.2 requests gunicorn redis && ' +
          'PYTHONPATH=/tmp/wheel-check python -W error -c "import flask, requests, gunicorn, redis, markupsafe._speedups" && ' +
          'rm -rf /tmp/wheel-check',
      );
    },
    config: {
      Env: [PATH, 'LANG=C.UTF-8', 'PYTHON_VERSION=3.11.2'],
      Cmd: ['python3'],
    },
  },
  {
    id: 'hello-1',
    kind: 'hello',
    version: '1.0',
    color: '#2b6cb0',
    refs: ['wharf/hello:1.0'],
  },
  {
    id: 'hello-2',
    kind: 'hello',
    version: '2.0',
    color: '#2f855a',
    refs: ['wharf/hello:2.0', 'wharf/hello:latest'],
  },
];

export function helloConfig(spec) {
  return {
    Env: [PATH, `APP_VERSION=${spec.version}`, `APP_COLOR=${spec.color}`, 'PORT=8080'],
    Cmd: ['/usr/local/bin/hello-server'],
    ExposedPorts: { '8080/tcp': {} },
  };
}

export function helloFiles() {
  return file('hello/hello-server');
}

function readWheelNames(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.whl'))
    .sort();
}
