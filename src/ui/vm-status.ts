import type { VmView } from './vm-store.js';

/**
 * The status line's words: what the VM is doing now and, while the Kubernetes node starts in the background, how far
 * along it is against how long it took last time on this browser (`lastNodeStartMs`), so the learner knows whether
 * to wait before a kubectl command. Docker works from the first prompt and says so. While the warm-up runs (the only
 * time the browser's JIT compiles, see src/worker/browser-jit.ts) it says which step it is at.
 */
export function vmStatusText(vm: VmView, short: boolean, now: number, lastNodeStartMs: number | undefined): string {
  switch (vm.state) {
    case 'booting':
      return 'Starting the VM…';
    case 'failed':
      return 'VM stopped';
    case 'stopped':
      return 'Restarting…';
    case 'ready':
      break;
  }
  if (short) return 'VM ready';
  const parts = [vm.readyMs !== undefined ? `VM ready (${(vm.readyMs / 1000).toFixed(1)} s)` : 'VM ready'];
  // The warm-up's steps run while the learner is idle (a command typed meanwhile goes first), so the count is what
  // the learner can wait for, not a clock.
  if (!vm.warm)
    parts.push(
      vm.warming
        ? `warming up Docker and kubectl while you read: ${vm.warming.step} of ${vm.warming.of}`
        : 'warming up Docker and kubectl while you read',
    );
  const k = vm.kubernetes;
  if (k.state === 'starting') {
    const elapsed = Math.max(0, Math.round((now - k.since) / 1000));
    const expected = lastNodeStartMs !== undefined ? `, last time ${Math.round(lastNodeStartMs / 1000)} s` : '';
    parts.push(`Docker ready · Kubernetes starting: ${elapsed} s${expected}`);
  } else if (k.state === 'ready') {
    parts.push('Docker and Kubernetes ready');
  } else if (k.state === 'queued') {
    parts.push('Docker ready · Kubernetes starts when the terminal is quiet');
  } else if (k.state === 'failed') {
    parts.push('Kubernetes did not start (kubectl will not answer): reset the VM');
  } else {
    parts.push('Docker ready');
  }
  return parts.join(' · ');
}
