import { useEffect, useState } from 'react';
import { vmStatusText } from './vm-status.js';
import { LAST_NODE_START_KEY, type VmView } from './vm-store.js';

function readLastNodeStart(): number | undefined {
  try {
    const value = Number(localStorage.getItem(LAST_NODE_START_KEY));
    return Number.isFinite(value) && value > 0 ? value : undefined;
  } catch {
    return undefined; // storage blocked (a sandboxed frame): no estimate, the elapsed time still shows
  }
}

/** The top bar's status, ticking once a second while the Kubernetes node starts; remembers how long it took. */
export function VmStatusLine({ vm, short }: { vm: VmView; short: boolean }) {
  const [now, setNow] = useState(() => performance.now());
  const [lastNodeStart] = useState(readLastNodeStart);
  const starting = vm.kubernetes.state === 'starting';
  useEffect(() => {
    if (!starting) return undefined;
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, [starting]);
  const readyMs = vm.kubernetes.state === 'ready' ? vm.kubernetes.ms : undefined;
  useEffect(() => {
    if (readyMs === undefined) return;
    try {
      localStorage.setItem(LAST_NODE_START_KEY, String(Math.round(readyMs)));
    } catch {
      // storage blocked: the next visit shows no estimate
    }
  }, [readyMs]);
  return (
    <span className={`status status-${vm.state}`} role="status" data-testid="vm-status">
      {vmStatusText(vm, short, now, lastNodeStart)}
    </span>
  );
}
