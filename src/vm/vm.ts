import { V86, type V86Options } from 'v86';
import type { ByteStream, Disposable } from '../protocol/byte-stream.js';
import { exactArrayBuffer } from '../protocol/bytes.js';
import type { GuestLink, SpareProcesses } from '../protocol/guest-link.js';
import type { VmEvent, VmEventListener } from '../protocol/vm-events.js';
import { AgentClient } from './agent/agent-client.js';
import { verifyAsset } from './asset-integrity.js';
import { ConsolePortTransport } from './console-port.js';
import { JitSwitch } from './jit-switch.js';
import { DEFAULT_TUNING, JitModuleSize } from './jit-module-size.js';
import { buildFileNames, type VmManifest } from './manifest.js';
import { V86Network } from './network.js';
import { emptyDiskStats, RangeDisk, type RangeDiskStats } from './range-disk.js';
import { SerialStream } from './serial-stream.js';
import { emptyJitStats, installJitCompiler, type JitStats } from './jit-compiler.js';
import { jitCpu, setJitSetting } from './v86-internals.js';
import { VmStartError, type VmStartOptions, type WharfVm } from './types.js';
import { warmUp } from './warm-up.js';

const MB = 1024 * 1024;
/** Serial console lines that mean the guest kernel is gone. */
const PANIC = /Kernel panic - not syncing[^\n]*|BUG: unable to handle[^\n]*|Out of memory: Killed process[^\n]*init/;
const PING_EVERY_MS = 10_000;

/** Start a VM from a build (restoring its snapshot by default). Resolves once the guest agent answered. */
export async function startVm(options: VmStartOptions): Promise<WharfVm> {
  const vm = new Vm(options);
  try {
    await vm.start();
  } catch (error) {
    vm.releaseAssets();
    throw error;
  }
  return vm;
}

class Vm implements WharfVm {
  readonly link: GuestLink & SpareProcesses;
  readonly network = new V86Network();
  readonly serial: ByteStream;
  manifest!: VmManifest;
  state: VmEvent['type'] = 'stopped';
  private readonly agent = new AgentClient();
  private readonly serialStream = new SerialStream();
  private readonly listeners = new Set<VmEventListener>();
  private emulator: V86 | undefined;
  private transport: ConsolePortTransport | undefined;
  private files = new Map<string, Uint8Array>();
  private loadedBytes = 0;
  private jit = emptyJitStats();
  private disk: RangeDisk | undefined;
  /** Whether the JIT compiles now (absent with `disableJit`). */
  private jitSwitch: JitSwitch | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private destroyed = false;
  private generation = 0;
  /** This restore has a warm-up that has not started yet (see VmStartOptions.warmUp). */
  private warmUpPending = false;
  /** Lets the build's files be pruned again (see VmAssets.hold). */
  private release: (() => void) | undefined;

  constructor(private readonly options: VmStartOptions) {
    this.link = this.agent;
    this.serial = this.serialStream;
    if (options.onEvent) this.listeners.add(options.onEvent);
    this.serialStream.onText = (text) => {
      const panic = PANIC.exec(text);
      if (panic) this.crash(`guest kernel: ${panic[0].trim()}`);
    };
  }

  onEvent(listener: VmEventListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  diskStats(): RangeDiskStats {
    return { ...(this.disk?.stats ?? emptyDiskStats()) };
  }

  jitStats(): JitStats {
    return { ...this.jit };
  }

  bytesLoaded(): number {
    return this.loadedBytes + (this.disk?.stats.bytesRead ?? 0);
  }

  async start(): Promise<void> {
    const started = performance.now();
    const generation = ++this.generation;
    const { assets } = this.options;
    this.release ??= assets.hold?.();
    this.manifest ??= await assets.manifest();
    const m = this.manifest;
    const snapshot = m.snapshot;
    const boot = this.options.boot ?? (snapshot ? 'snapshot' : 'cold');
    if (boot === 'snapshot') {
      if (!snapshot) throw new VmStartError('this VM build has no snapshot: run `npm run build:vm` to make one');
      if (m.diskHash && snapshot.diskHash !== m.diskHash)
        throw new VmStartError(
          `the snapshot was saved against a different disk (snapshot ${snapshot.diskHash.slice(0, 12)}, ` +
            `disk ${m.diskHash.slice(0, 12)}): rebuild it with \`npm run build:vm\``,
        );
    }
    const names = buildFileNames(m);
    const bios = await this.load(names.bios);
    let kernel: { bzimage: Uint8Array; initrd: Uint8Array } | undefined;
    if (boot === 'cold') kernel = { bzimage: await this.load(names.bzimage), initrd: await this.load(names.initrd) };
    if (generation !== this.generation || this.destroyed) throw new VmStartError('the VM was stopped while starting');

    const disk = new RangeDisk(m.diskBytes, assets.diskReader(names.disk), {
      ...this.options.disk,
      onReadError: (error, attempt) =>
        this.options.log?.(`disk read failed (attempt ${attempt}, trying again): ${String(error)}`),
    });
    this.disk = disk;
    const config: V86Options = {
      wasm_path: assets.wasmPath,
      memory_size: m.memoryMB * MB,
      vga_memory_size: 2 * MB,
      bios: { buffer: exactArrayBuffer(bios) },
      // Read on demand, chunk by chunk, and only written blocks kept for good: a saved state does not contain the
      // whole disk. v86 takes any object with get/set/load as a disk buffer.
      hda: disk as unknown as V86Options['hda'],
      cmdline: m.cmdline,
      acpi: false,
      autostart: false,
      disable_keyboard: true,
      disable_mouse: true,
      disable_speaker: true,
      virtio_console: true as unknown as V86Options['virtio_console'],
      net_device: { type: 'virtio', relay_url: 'fetch' },
      // The guest driver keeps the MAC it read at boot; without this v86 invents a new one on restore and frames the
      // host sends into the guest (connectGuestTcp) carry an address the guest ignores.
      preserve_mac_from_state_image: true,
      disable_jit: this.options.disableJit ?? false,
    };
    if (kernel) {
      config.bzimage = { buffer: exactArrayBuffer(kernel.bzimage) };
      config.initrd = { buffer: exactArrayBuffer(kernel.initrd) };
    }
    // The emulator (wasm compile, device set-up) starts while the snapshot is still loading.
    const emulator = new V86(config);
    this.emulator = emulator;
    const loaded = new Promise<void>((resolve) => emulator.add_listener('emulator-loaded', () => resolve()));
    let state: Uint8Array | undefined;
    try {
      if (boot === 'snapshot') {
        state = await this.load(snapshot!.file);
        if (state.length !== snapshot!.bytes)
          throw new VmStartError(
            `the snapshot ${snapshot!.file} is ${state.length} bytes, the manifest says ${snapshot!.bytes}: ` +
              `it is truncated or from another build; rebuild with \`npm run build:vm\``,
          );
      }
      await loaded;
    } catch (error) {
      await loaded;
      await this.stopEmulator();
      throw error;
    }
    this.serialStream.bind(emulator);
    this.network.bind(emulator);
    if (state) {
      this.emit({ type: 'restore' });
      try {
        await emulator.restore_state(exactArrayBuffer(state));
      } catch (error) {
        await this.stopEmulator();
        throw new VmStartError(
          `the snapshot ${snapshot!.file} could not be restored (${(error as Error).message}): it is corrupt or ` +
            `from another v86 version; rebuild with \`npm run build:vm\``,
          { cause: error },
        );
      }
    } else {
      this.emit({ type: 'boot' });
    }
    this.transport = new ConsolePortTransport(emulator, 1);
    if (!this.options.disableJit) {
      const cpu = jitCpu(emulator);
      const size = new JitModuleSize((pages) => setJitSetting(cpu, 'maxPages', pages), {
        ...DEFAULT_TUNING,
        ...this.options.jitTuning,
      });
      const extraBasicBlocks = this.options.jitTuning?.extraBasicBlocks;
      if (extraBasicBlocks !== undefined) setJitSetting(cpu, 'extraBasicBlocks', extraBasicBlocks);
      this.jit = emptyJitStats();
      const jitSwitch = new JitSwitch(
        this.options.jitModuleBudget ?? Infinity,
        (disabled) => setJitSetting(cpu, 'disabled', disabled ? 1 : 0),
        { paused: this.options.jitCompiles === 'warm-up' },
      );
      this.jitSwitch = jitSwitch;
      installJitCompiler(cpu, this.options.jitCompile ?? 'async', this.jit, () => {
        size.moduleCompiled();
        jitSwitch.moduleCompiled();
      });
      size.start();
    }
    await emulator.run();
    const readyTimeout = this.options.readyTimeoutMs ?? (state ? 30_000 : 300_000);
    try {
      await this.agent.attach(this.transport, readyTimeout);
    } catch (error) {
      const tail = this.serialStream.tail().trim().split('\n').slice(-5).join('\n');
      await this.stopEmulator();
      throw new VmStartError(
        `the guest agent did not answer within ${readyTimeout} ms` + (tail ? `; last console output:\n${tail}` : ''),
        { cause: error },
      );
    }
    this.emit({ type: 'ready', ms: Math.round(performance.now() - started) });
    this.startWatchdog(generation);
    const mode = this.options.warmUp ?? true;
    // The warm-up exists to get the first commands' code compiled by the JIT: without the JIT it has nothing to do.
    this.warmUpPending = Boolean(state) && mode !== false && !this.options.disableJit;
    if (mode === true) this.warmUp();
  }

  pauseJit(): void {
    if (this.options.jitCompiles === 'warm-up') this.jitSwitch?.pause();
  }

  willWarmUp(): boolean {
    return this.warmUpPending;
  }

  warmUp(idle?: () => Promise<void>): void {
    if (!this.warmUpPending || this.state !== 'ready') return;
    this.warmUpPending = false;
    const generation = this.generation;
    const t = performance.now();
    // With `jitCompiles: 'warm-up'` the JIT compiles during the warm-up's commands only.
    const jit = this.options.jitCompiles === 'warm-up' ? this.jitSwitch : undefined;
    const onStep = (step: number, of: number) => {
      if (generation === this.generation && this.state === 'ready') this.emit({ type: 'warming', step, of });
    };
    void warmUp(this.link, { idle, jit, onStep }).then(() => {
      if (generation === this.generation && this.state === 'ready')
        this.emit({ type: 'warm', ms: Math.round(performance.now() - t) });
    });
  }

  async saveState(): Promise<Uint8Array> {
    if (!this.emulator) throw new Error('the VM is not running');
    return new Uint8Array(await this.emulator.save_state());
  }

  async restart(): Promise<void> {
    this.emit({ type: 'stopped', reason: 'restarting' });
    this.agent.detach('the VM is restarting');
    await this.stopEmulator();
    await this.start();
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.generation++;
    this.agent.close('the VM was stopped');
    await this.stopEmulator();
    this.serialStream.close();
    this.files.clear();
    this.releaseAssets();
    this.emit({ type: 'stopped', reason: 'destroyed' });
  }

  releaseAssets(): void {
    this.release?.();
  }

  private async load(file: string): Promise<Uint8Array> {
    const cached = this.files.get(file);
    if (cached) return cached;
    let data: Uint8Array;
    try {
      data = await this.options.assets.load(file, (loaded, total) =>
        this.emit({ type: 'download', file, loaded, total }),
      );
    } catch (error) {
      throw new VmStartError(`cannot load ${file} of the VM build: ${(error as Error).message}`, { cause: error });
    }
    await verifyAsset(this.manifest, file, data);
    this.loadedBytes += data.length;
    this.files.set(file, data); // kept for restart(): a restart never downloads again
    return data;
  }

  private startWatchdog(generation: number): void {
    clearInterval(this.watchdog);
    const hangMs = this.options.hangTimeoutMs ?? 30_000;
    let busy = false;
    this.watchdog = setInterval(() => {
      if (busy || generation !== this.generation || this.state !== 'ready') return;
      busy = true;
      this.agent
        .ping(hangMs)
        .catch(() => {
          if (generation === this.generation && this.state === 'ready')
            this.crash(`the guest stopped answering (no reply to a ping within ${hangMs / 1000} s)`);
        })
        .finally(() => (busy = false));
    }, PING_EVERY_MS);
  }

  private crash(reason: string): void {
    if (this.state === 'crashed' || this.destroyed) return;
    this.emit({ type: 'crashed', reason });
    this.agent.detach(`the guest crashed: ${reason}`);
    clearInterval(this.watchdog);
  }

  private async stopEmulator(): Promise<void> {
    clearInterval(this.watchdog);
    this.transport?.dispose();
    this.transport = undefined;
    this.network.unbind();
    this.serialStream.unbind();
    const emulator = this.emulator;
    this.emulator = undefined;
    if (emulator) {
      await emulator.stop();
      await emulator.destroy();
    }
  }

  private emit(event: VmEvent): void {
    // Progress and the warm-up are not lifecycle: a VM warming up is still `ready`.
    const lifecycle = event.type !== 'download' && event.type !== 'warming' && event.type !== 'warm';
    if (lifecycle) this.state = event.type;
    for (const l of this.listeners) l(event);
  }
}
