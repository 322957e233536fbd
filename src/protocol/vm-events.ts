/**
 * What the VM runtime reports while it starts, runs and stops. The worker forwards these to the page unchanged, so the
 * UI can show a progress bar, a "ready" state and a clear message when the guest dies.
 */
export type VmEvent =
  /** Bytes of one start-up file (snapshot, kernel, bios, ...) arrived. `total` is 0 when unknown. */
  | { type: 'download'; file: string; loaded: number; total: number }
  /** A cold boot started (no snapshot, or one was not wanted). */
  | { type: 'boot' }
  /** The snapshot is being restored into the emulator. */
  | { type: 'restore' }
  /** The guest agent answered: the guest link is usable. `ms` counts from the start call. */
  | { type: 'ready'; ms: number }
  /** A step of the background warm-up (first docker/kubectl runs after a restore) starts: `step` of `of`, from 1. */
  | { type: 'warming'; step: number; of: number }
  /** Background warm-up finished. */
  | { type: 'warm'; ms: number }
  /** The guest died or hung (kernel panic on the serial console, agent silent past its deadline). */
  | { type: 'crashed'; reason: string }
  /** The VM was destroyed or is restarting. */
  | { type: 'stopped'; reason: string };

export type VmEventListener = (event: VmEvent) => void;
