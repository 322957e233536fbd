import type { GuestLink } from '../protocol/guest-link.js';

/**
 * Commands run once in the background after a restore. v86's JIT compiles guest code as it runs and compiled code
 * is not part of a saved state, so the first `docker ps` after a restore is several times slower than the second;
 * paying that while the learner reads the lesson makes their first commands fast. Ordered by what a learner types
 * first: the docker CLI and dockerd's request paths, then the container start path (containerd, the shim, crun),
 * then kubectl. Failures are ignored: this is only a warm-up (e.g. a build without busybox skips that step).
 */
export const WARM_UP_COMMANDS: readonly (readonly string[])[] = [
  ['docker', 'ps'],
  // On the default bridge, as the learner's `docker run` is: its network set-up (veth, the setkey hook) gets warm too.
  ['docker', 'run', '--rm', 'busybox', 'true'],
  ['docker', 'images'],
  ['docker', 'ps'],
  // v86 compiles a page of guest code once it has run enough instructions there: a second run gets most of the
  // container path compiled (the learner's next runs measured 4.7 s after one warm-up run, see docs/vm-runtime.md).
  ['docker', 'run', '--rm', 'busybox', 'true'],
  ['kubectl', 'version', '--client'],
  // kubectl's client side beyond its start: the API request, decoding and the table (an error without a cluster).
  ['kubectl', 'get', 'pods'],
  // Last, since it takes longest: the builder's path (a RUN step, the layer commit). The image is removed again, so
  // neither `docker images` nor the build cache keeps a trace once this finished.
  ['sh', '-c', 'id=$(printf "FROM busybox\\nRUN true\\n" | docker build -q -) && docker rmi "$id"'],
];

/**
 * The guest has one CPU: at the lowest priority a command the learner types while this runs gets the CPU first (the
 * daemons' share of the warm-up is not lowered, they serve both).
 */
const NICE = ['nice', '-n', '19'];

/** A JIT that compiles only while `resume()`d (the VM's JitSwitch). */
export interface PausableJit {
  resume(): void;
  pause(): void;
}

export interface WarmUpOptions {
  commands?: readonly (readonly string[])[];
  /** Resolves when a next step may start, e.g. once the learner is not running a command. */
  idle?: () => Promise<void>;
  /** Compiles during the steps only: resumed after `idle`, paused when the step ends. */
  jit?: PausableJit;
  /** A step starts (`step` of `of`, from 1). */
  onStep?: (step: number, of: number) => void;
}

export async function warmUp(link: GuestLink, options: WarmUpOptions = {}): Promise<void> {
  const commands = options.commands ?? WARM_UP_COMMANDS;
  for (const [i, argv] of commands.entries()) {
    await options.idle?.();
    options.onStep?.(i + 1, commands.length);
    options.jit?.resume();
    try {
      await link.exec([...NICE, ...argv], { timeoutMs: 120_000 });
    } catch {
      // the link went away (restart/destroy) or the command is missing: nothing to warm
    } finally {
      options.jit?.pause();
    }
  }
}
