// The built guest image (npm run build:vm) matches the contract the runtime and the host-side services rely on:
// the output folder and manifest, and the guest's own configuration read straight out of disk.img with debugfs
// (e2fsprogs), so a drift between image/rootfs and src/protocol/network.ts fails here rather than as a hang in v86.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseManifest } from '../../src/vm/manifest.js';
import { GUEST_IP, HOST_IP, HOST_PORTS } from '../../src/protocol/network.js';

const cacheRoot = process.env.WHARF_CACHE ?? join(homedir(), '.cache', 'wharf');
const buildDir = join(cacheRoot, 'vm', 'current');

function readManifest() {
  if (!existsSync(join(buildDir, 'manifest.json')))
    throw new Error(`no guest build at ${buildDir}; run npm run build:vm`);
  return parseManifest(JSON.parse(readFileSync(join(buildDir, 'manifest.json'), 'utf8')));
}

/** A file of the guest's root filesystem, read from the disk image without mounting it. */
function guestFile(path: string): string {
  return execFileSync('debugfs', ['-R', `cat ${path}`, join(buildDir, 'disk.img')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 << 20,
  });
}

/** `stat` of a path inside the guest (debugfs prints nothing but an error for a missing one). */
function guestStat(path: string, disk = join(buildDir, 'disk.img')): string {
  return execFileSync('debugfs', ['-R', `stat ${path}`, disk], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Whether a path exists inside the guest (debugfs reports a missing one on stderr only). */
function guestExists(path: string): boolean {
  const out = execFileSync('debugfs', ['-R', `stat ${path}`, join(buildDir, 'disk.img')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return /Inode:/.test(out);
}

const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** An image's layer chain IDs (Docker's layerdb keys): chain(0) = diff(0), chain(n) = sha256(chain(n-1) diff(n)). */
function chainIds(diffIds: string[]): string[] {
  const chain: string[] = [];
  for (const diff of diffIds) chain.push(chain.length === 0 ? diff : sha256(`${chain[chain.length - 1]} ${diff}`));
  return chain;
}

interface DiskModule {
  makeDisk(rootfs: string, outFile: string): number;
}

describe('guest image build output', () => {
  it('has every file the manifest names, with the recorded sizes', () => {
    const manifest = readManifest();
    const files = manifest.files as Record<string, string>;
    expect(Object.keys(files).sort()).toEqual(['bios', 'bzimage', 'disk', 'initrd']);
    for (const name of Object.values(files)) expect(statSync(join(buildDir, name)).size).toBeGreaterThan(0);
    expect(statSync(join(buildDir, files.disk)).size).toBe(manifest.diskBytes);
    expect(manifest.memoryMB).toBe(512);
    expect(manifest.cmdline).toMatch(/(^| )root=\/dev\/sda( |$)/);
    expect(manifest.cmdline).toMatch(/(^| )console=ttyS0( |$)/);
  });

  it('is a complete build named by its hash, with the Debian packages it was made of', () => {
    const manifest = readManifest();
    expect(realpathSync(buildDir).endsWith(`/${String(manifest.hash)}`)).toBe(true);
    const packages = manifest.packages as Record<string, string>;
    expect(packages['docker.io']).toMatch(/^20\.10\./);
    expect(packages['kubernetes-client']).toMatch(/1\.20\./);
    expect(packages).toHaveProperty('crun');
    expect(packages).toHaveProperty('docker-compose');
    expect(packages['linux-image-686']).toBeTruthy();
  });

  it('points Docker at the host-side registry (mirror and insecure) with crun as the default runtime', () => {
    const daemon = JSON.parse(guestFile('/etc/docker/daemon.json')) as Record<string, unknown>;
    const registry = `${HOST_IP}:${HOST_PORTS.registry}`;
    expect(daemon['registry-mirrors']).toEqual([`http://${registry}`]);
    expect(daemon['insecure-registries']).toEqual([registry]);
    expect(daemon['default-runtime']).toBe('crun');
    expect(daemon['storage-driver']).toBe('overlay2');
  });

  it('points kubectl at the host-side API server in context wharf, namespace default', () => {
    const kubeconfig = guestFile('/root/.kube/config');
    expect(kubeconfig).toContain(`server: http://${HOST_IP}:${HOST_PORTS.kubernetesApi}`);
    expect(kubeconfig).toMatch(/current-context: wharf/);
    expect(kubeconfig).toMatch(/namespace: default/);
  });

  it('brings the network up with the addresses of src/protocol/network.ts and forwards localhost:5000', () => {
    const init = guestFile('/usr/sbin/wharf-init');
    expect(init).toContain(`GUEST_IP=${GUEST_IP}`);
    expect(init).toContain(`HOST_IP=${HOST_IP}`);
    expect(init).toContain(`REGISTRY_PORT=${HOST_PORTS.registry}`);
    // The agent starts before the daemons: the host can reach the guest while Docker is still starting.
    const agentLine = init.search(/^\s*\/usr\/local\/sbin\/wharf-agent\b/m);
    const dockerdLine = init.search(/^\s*dockerd\b/m);
    expect(agentLine).toBeGreaterThan(0);
    expect(dockerdLine).toBeGreaterThan(agentLine);
  });

  it('ships the guest agent, the compose plugin and the learner workspace', () => {
    const manifest = readManifest();
    if (manifest.agent) expect(guestStat('/usr/local/sbin/wharf-agent')).toMatch(/Mode:\s+0755/);
    const plugin = guestFile('/usr/libexec/docker/cli-plugins/docker-compose');
    expect(plugin).toContain('docker-cli-plugin-metadata');
    expect(guestStat('/root/workspace')).toMatch(/Type: directory/);
  });

  it('has the pre-loaded images in Docker’s store, every layer unpacked in overlay2, when the build had them', () => {
    const manifest = readManifest();
    if (!manifest.preload) return;
    const repositories = JSON.parse(guestFile('/var/lib/docker/image/overlay2/repositories.json')) as {
      Repositories: Record<string, Record<string, string>>;
    };
    const names = Object.keys(repositories.Repositories);
    expect(names).toEqual(expect.arrayContaining(['busybox', 'nginx', 'redis', 'python', 'debian', 'wharf/hello']));
    // Each tagged image's config is in the image db and each of its layers has an overlay2 diff dir: a store the
    // guest's dockerd can run from, not just the names.
    const imageIds = new Set(Object.values(repositories.Repositories).flatMap((tags) => Object.values(tags)));
    for (const id of imageIds) {
      const config = JSON.parse(guestFile(`/var/lib/docker/image/overlay2/imagedb/content/sha256/${id.slice(7)}`)) as {
        rootfs: { diff_ids: string[] };
      };
      for (const chain of chainIds(config.rootfs.diff_ids)) {
        const cacheId = guestFile(`/var/lib/docker/image/overlay2/layerdb/sha256/${chain.slice(7)}/cache-id`).trim();
        expect(cacheId, `layer ${chain} of ${id}`).toMatch(/^[0-9a-f]{64}$/);
        expect(guestStat(`/var/lib/docker/overlay2/${cacheId}/diff`)).toMatch(/Type: directory/);
      }
    }
  });

  it('names how the build host ran the guest’s i386 programs (natively or emulated: the same image)', () => {
    expect(['native', 'emulated']).toContain(readManifest().i386);
  });

  it('keeps no state of the build host’s Docker daemons (sockets, pid files, containerd, network db, identity key)', () => {
    for (const path of [
      '/etc/docker/key.json',
      '/run/wharf-build',
      '/run/docker.pid',
      '/run/containerd',
      '/var/lib/containerd',
      '/var/lib/docker/network',
    ])
      expect(guestExists(path), path).toBe(false);
    expect(guestExists('/var/lib/docker/overlay2')).toBe(true);
  });
});

describe('the ext4 disk stage (mke2fs -d)', () => {
  it('carries what overlay2 layers need: whiteout devices 0:0 and trusted.overlay.opaque xattrs', async () => {
    const disk = (await import(new URL('../../image/build/disk.mjs', import.meta.url).href)) as DiskModule;
    const dir = mkdtempSync(join(tmpdir(), 'wharf-whiteout-'));
    try {
      const layer = join(dir, 'root', 'diff');
      mkdirSync(join(layer, 'etc', 'opaque'), { recursive: true });
      // What dockerd writes for a deleted file and a replaced directory (needs root, as the whole image build does).
      execFileSync('mknod', [join(layer, 'etc', 'gone'), 'c', '0', '0']);
      execFileSync('python3', [
        '-c',
        'import os, sys; os.setxattr(sys.argv[1], "trusted.overlay.opaque", b"y")',
        join(layer, 'etc', 'opaque'),
      ]);
      const image = join(dir, 'disk.img');
      disk.makeDisk(join(dir, 'root'), image);
      const whiteout = guestStat('/diff/etc/gone', image);
      expect(whiteout).toMatch(/Type: character special/);
      expect(whiteout).toMatch(/Device major\/minor number: 00:00/);
      const xattrs = execFileSync('debugfs', ['-R', 'ea_list /diff/etc/opaque', image], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      expect(xattrs).toContain('trusted.overlay.opaque (1) = "y"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
