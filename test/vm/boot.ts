// Shared by the VM suites: boot the REAL guest build from the cache (restoring its snapshot). A missing build is a
// failure with instructions, never a skip: scripts/test.mjs builds the image before this tier runs.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Registry } from '../../src/registry/index.js';
import { NodeBlobSource } from '../../src/registry/node-blob-source.js';
import { startStack, type Stack } from '../../src/stack/stack.js';
import { startVm, type VmStartOptions, type WharfVm } from '../../src/vm/index.js';
import { nodeAssets } from '../../src/vm/node-assets.js';

const cacheRoot = process.env.WHARF_CACHE ?? join(homedir(), '.cache', 'wharf');
/** `WHARF_VM_BUILD` picks one build folder (e.g. while a newer build is still being snapshotted). */
export const buildDir = process.env.WHARF_VM_BUILD ?? join(cacheRoot, 'vm', 'current');

export function requireBuild(): void {
  const manifest = join(buildDir, 'manifest.json');
  if (!existsSync(manifest))
    throw new Error(`no guest image at ${buildDir}: run \`npm run build:vm\` (npm test builds it first)`);
  if (!JSON.parse(readFileSync(manifest, 'utf8')).snapshot)
    throw new Error(`the guest image at ${buildDir} has no snapshot: run \`npm run build:vm\``);
}

export async function bootVm(options: Partial<VmStartOptions> = {}): Promise<WharfVm> {
  requireBuild();
  return startVm({ assets: nodeAssets(buildDir), warmUp: false, ...options });
}

export const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** exec that asserts success and returns stdout as text (with stderr in the failure message). */
export async function sh(vm: WharfVm, script: string, timeoutMs = 240_000): Promise<string> {
  const r = await vm.link.exec(['sh', '-c', script], { timeoutMs });
  if (r.exitCode !== 0) throw new Error(`\`${script}\` exited ${r.exitCode}:\n${text(r.stderr)}${text(r.stdout)}`);
  return text(r.stdout);
}

/**
 * The stack the VM worker starts (src/stack/) on this build, with the curated images of the cache as its registry:
 * the real VM, registry and control plane. The node is the caller's to start.
 */
export function startTestStack(
  log: (message: string) => void,
  options: { traceDocker?: boolean } = {},
): Promise<Stack> {
  requireBuild();
  return startStack({
    vm: { assets: nodeAssets(buildDir) },
    registry: () => Registry.open({ curated: new NodeBlobSource(realpathSync(join(cacheRoot, 'images', 'current'))) }),
    controlPlane: { log: (m) => log(`api: ${m}`) },
    log,
    ...(options.traceDocker ? { traceDocker: true } : {}),
  });
}
