// VM lifecycle against the real build: restore, restart, destroy, crash/hang detection and the clear errors for a
// snapshot that does not belong to its disk or is damaged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuestLinkClosedError } from '../../src/protocol/guest-link.js';
import type { VmEvent } from '../../src/protocol/vm-events.js';
import { startVm, VmStartError, type WharfVm } from '../../src/vm/index.js';
import { nodeAssets } from '../../src/vm/node-assets.js';
import { bootVm, buildDir, requireBuild, sh } from './boot.js';

/** A copy of the build folder (files linked, manifest and snapshot replaceable). */
function fakeBuild(edit: (manifest: Record<string, unknown>, dir: string) => void): string {
  requireBuild();
  const dir = mkdtempSync(join(tmpdir(), 'wharf-vm-'));
  const manifest = JSON.parse(readFileSync(join(buildDir, 'manifest.json'), 'utf8'));
  for (const f of ['bios.bin', 'bzImage', 'initrd.img', 'disk.img', 'state.zst'])
    symlinkSync(join(buildDir, f), join(dir, f));
  edit(manifest, dir);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('VM lifecycle', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('refuses a snapshot saved against another disk, before loading anything big', async () => {
    const dir = fakeBuild((m) => {
      (m.snapshot as Record<string, unknown>).diskHash = 'f'.repeat(64);
    });
    dirs.push(dir);
    const error = await startVm({ assets: nodeAssets(dir) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VmStartError);
    expect(String(error)).toMatch(/snapshot was saved against a different disk/);
  });

  it('refuses a truncated snapshot file', async () => {
    const dir = fakeBuild((_m, d) => {
      rmSync(join(d, 'state.zst'));
      writeFileSync(join(d, 'state.zst'), readFileSync(join(buildDir, 'state.zst')).subarray(0, 1_000_000));
    });
    dirs.push(dir);
    const error = await startVm({ assets: nodeAssets(dir) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VmStartError);
    expect(String(error)).toMatch(/is 1000000 bytes, the manifest says \d+: it is truncated/);
  });

  it('refuses a snapshot whose bytes are not the ones its build recorded (sha256)', async () => {
    const garbage = new Uint8Array(4_000_000).map((_, i) => (i * 131 + 7) & 0xff);
    const dir = fakeBuild((m, d) => {
      rmSync(join(d, 'state.zst'));
      writeFileSync(join(d, 'state.zst'), garbage);
      (m.snapshot as Record<string, unknown>).bytes = garbage.length;
    });
    dirs.push(dir);
    const error = await startVm({ assets: nodeAssets(dir) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VmStartError);
    expect(String(error)).toMatch(/state\.zst has SHA-256 \w+…, the manifest says \w+…: it is truncated, corrupt/);
  });

  it('refuses a corrupt snapshot with a clear error where the build recorded no sha256', async () => {
    const garbage = new Uint8Array(4_000_000).map((_, i) => (i * 131 + 7) & 0xff);
    const dir = fakeBuild((m, d) => {
      rmSync(join(d, 'state.zst'));
      writeFileSync(join(d, 'state.zst'), garbage);
      const snapshot = m.snapshot as Record<string, unknown>;
      snapshot.bytes = garbage.length;
      delete snapshot.sha256;
    });
    dirs.push(dir);
    const error = await startVm({ assets: nodeAssets(dir) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VmStartError);
    expect(String(error)).toMatch(/could not be restored .* corrupt/);
  });

  describe('a running VM', () => {
    let vm: WharfVm;
    const events: VmEvent[] = [];
    beforeAll(async () => {
      vm = await bootVm({ onEvent: (e) => events.push(e), hangTimeoutMs: 4000 });
    });
    afterAll(async () => {
      await vm?.destroy();
    });

    it('reported restore, then ready', () => {
      const types = events.map((e) => e.type).filter((t) => t !== 'download');
      expect(types.slice(0, 2)).toEqual(['restore', 'ready']);
      expect(vm.bytesLoaded()).toBeGreaterThan(1_000_000);
    });

    it('saves its state', async () => {
      const state = await vm.saveState();
      expect(state.length).toBeGreaterThan(32 * 1024 * 1024);
      // v86's state header magic
      expect(new DataView(state.buffer, state.byteOffset).getInt32(0, true)).toBe(-2039052682);
    });

    it('restart() drops calls in flight and comes back from the snapshot', async () => {
      await sh(vm, 'echo before-restart > /tmp/marker');
      const inFlight = vm.link.exec(['sleep', '100']);
      await new Promise((r) => setTimeout(r, 500));
      const outcome = inFlight.catch((e: unknown) => e);
      await vm.restart();
      expect(await outcome).toBeInstanceOf(GuestLinkClosedError);
      expect(vm.state).toBe('ready');
      expect(await sh(vm, 'cat /tmp/marker 2>/dev/null || echo gone')).toBe('gone\n');
    });

    it('reports a kernel panic as crashed and fails pending calls', async () => {
      events.length = 0;
      const pending = vm.link.exec(['sh', '-c', 'sleep 1; echo c > /proc/sysrq-trigger; sleep 100']);
      const outcome = await pending.catch((e: unknown) => e);
      expect(outcome).toBeInstanceOf(GuestLinkClosedError);
      const crashed = events.find((e) => e.type === 'crashed');
      expect(crashed && crashed.type === 'crashed' && crashed.reason).toMatch(/Kernel panic/);
      await vm.restart();
      expect(await sh(vm, 'echo back')).toBe('back\n');
    });

    it('reports a hung guest agent as crashed', async () => {
      events.length = 0;
      void vm.link.exec(['sh', '-c', 'kill -STOP $(pidof wharf-agent)']).catch(() => {});
      const end = Date.now() + 60_000;
      while (!events.some((e) => e.type === 'crashed') && Date.now() < end)
        await new Promise((r) => setTimeout(r, 200));
      const crashed = events.find((e) => e.type === 'crashed');
      expect(crashed && crashed.type === 'crashed' && crashed.reason).toMatch(/stopped answering/);
      await vm.restart();
      expect(await sh(vm, 'echo alive')).toBe('alive\n');
    });

    it('destroy() fails calls in flight and later ones with GuestLinkClosedError', async () => {
      const pending = vm.link.exec(['sleep', '100']).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 300));
      await vm.destroy();
      expect(await pending).toBeInstanceOf(GuestLinkClosedError);
      await expect(vm.link.exec(['true'])).rejects.toBeInstanceOf(GuestLinkClosedError);
      expect(vm.state).toBe('stopped');
    });
  });
});
