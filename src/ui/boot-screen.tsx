import type { VmView } from './vm-store.js';

const PHASES: { phase: VmView['phase']; label: string }[] = [
  { phase: 'download', label: 'Download' },
  { phase: 'restore', label: 'Restore' },
  { phase: 'connect', label: 'Connect' },
];

/** Shown over the terminal while the VM starts: which step it is in and, while downloading, how many bytes. */
export function BootProgress({ vm }: { vm: VmView }) {
  const pct = vm.total ? Math.min(100, Math.round(((vm.loaded ?? 0) / vm.total) * 100)) : undefined;
  // A cold boot (no snapshot in the build) takes the restore step's place.
  const phases =
    vm.phase === 'boot'
      ? PHASES.map((p) => (p.phase === 'restore' ? { phase: 'boot' as const, label: 'Boot' } : p))
      : PHASES;
  const current = phases.findIndex((p) => p.phase === vm.phase);
  return (
    <div className="boot" role="status" aria-live="polite">
      <h2>Starting your VM</h2>
      <ol className="boot-steps">
        {phases.map((p, i) => (
          <li key={p.phase} className={i < current ? 'done' : i === current ? 'current' : ''}>
            {p.label}
          </li>
        ))}
      </ol>
      <p>{vm.message}</p>
      {vm.phase === 'download' && vm.loaded !== undefined && (
        <>
          <progress max={100} value={pct} aria-label="Download progress" />
          <p className="muted">
            {formatBytes(vm.loaded)}
            {vm.total ? ` of ${formatBytes(vm.total)}` : ''} — kept for your next visit
          </p>
        </>
      )}
    </div>
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
