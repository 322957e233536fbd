// The built guest image (npm run build:vm) matches the contract the runtime and the host-side services rely on:
// the output folder and manifest, and the guest's own configuration read straight out of disk.img with debugfs
// (e2fsprogs), so a drift between image/rootfs and src/protocol/network.ts fails here rather than as a hang in v86.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
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
function guestStat(path: string): string {
  return execFileSync('debugfs', ['-R', `stat ${path}`, join(buildDir, 'disk.img')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

  it('has the pre-loaded images in Docker’s store when the build had them', () => {
    const manifest = readManifest();
    if (!manifest.preload) return;
    const repositories = JSON.parse(guestFile('/var/lib/docker/image/overlay2/repositories.json')) as {
      Repositories: Record<string, Record<string, string>>;
    };
    const names = Object.keys(repositories.Repositories);
    expect(names).toEqual(expect.arrayContaining(['busybox', 'nginx']));
  });
});
