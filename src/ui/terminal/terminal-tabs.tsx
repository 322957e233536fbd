import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkerClient } from '../worker-client.js';
import type { VmView } from '../vm-store.js';
import { loadPersisted, savePersisted } from '../layout/persisted.js';
import { TerminalView } from './terminal-view.js';
import type { TerminalBus } from './terminal-bus.js';

interface Tab {
  key: number;
  title: string;
  sessionId?: string;
  ended: boolean;
  size?: { cols: number; rows: number };
}

interface Props {
  client: WorkerClient;
  vm: VmView;
  theme: 'light' | 'dark';
  /** Where the rest of the page types commands (the lesson pane's Run): the shown tab's shell is registered there. */
  bus?: TerminalBus;
}

/** Several terminals in tabs; each tab owns one guest shell and reconnects after the VM restarts. */
export function TerminalTabs({ client, vm, theme, bus }: Props) {
  const saved = loadPersisted('terminals', { count: 1, active: 0 });
  const [tabs, setTabs] = useState<Tab[]>(() =>
    Array.from({ length: Math.max(1, Math.min(8, saved.count)) }, (_, i) => ({
      key: i + 1,
      title: `Terminal ${i + 1}`,
      ended: false,
    })),
  );
  const [active, setActive] = useState(Math.min(saved.active, tabs.length - 1));
  const nextKey = useRef(tabs.length + 1);
  const opening = useRef(new Set<number>());

  useEffect(() => savePersisted('terminals', { count: tabs.length, active }), [tabs.length, active]);

  const open = useCallback(
    (key: number, size: { cols: number; rows: number }) => {
      if (opening.current.has(key)) return;
      opening.current.add(key);
      client.api
        .openTerminal(size)
        .then((id) => setTabs((all) => all.map((t) => (t.key === key ? { ...t, sessionId: id, ended: false } : t))))
        .catch(() => setTabs((all) => all.map((t) => (t.key === key ? { ...t, ended: true } : t))))
        .finally(() => opening.current.delete(key));
    },
    [client],
  );

  // Shells start once the VM is ready and the pane knows its size; after a restart, every tab reconnects itself.
  // The visible tab asks first: the first request adopts the restored snapshot's waiting login shell, whose prompt
  // is there at once, while later tabs wait seconds for a fresh one.
  useEffect(() => {
    if (vm.state !== 'ready') return;
    const visibleFirst = [...tabs.slice(active, active + 1), ...tabs.filter((_, i) => i !== active)];
    for (const t of visibleFirst) if (!t.sessionId && !t.ended && t.size) open(t.key, t.size);
  }, [vm.state, tabs, active, open]);

  useEffect(() => {
    setTabs((all) => all.map((t) => (t.sessionId ? { ...t, sessionId: undefined, ended: vm.state !== 'ready' } : t)));
    // A new VM generation means every old session is gone.
  }, [vm.generation]);

  useEffect(
    () =>
      client.on((event) => {
        if (event.type === 'term/exit') {
          setTabs((all) => all.map((t) => (t.sessionId === event.id ? { ...t, ended: true } : t)));
        }
      }),
    [client],
  );

  // The shown tab's shell takes what the page types (Run, Show me). While that shell is starting, or after it ended
  // (a VM reset), the text waits for the tab's next shell, and an ended tab reconnects by itself: a lesson's Run
  // button should not need the learner to press Enter in the terminal first.
  const queued = useRef(new Map<number, string[]>());
  const shown = tabs[active];
  const shownKey = shown?.key;
  const shownSession = shown && !shown.ended ? shown.sessionId : undefined;
  const shownTitle = shown?.title ?? '';
  const vmReady = vm.state === 'ready';
  useEffect(() => {
    if (!bus) return undefined;
    if (!vmReady || shownKey === undefined) {
      bus.setTarget(undefined);
      return undefined;
    }
    bus.setTarget({
      title: shownTitle,
      write: (data) => {
        if (shownSession) {
          void client.api.writeTerminal(shownSession, data);
          return;
        }
        queued.current.set(shownKey, [...(queued.current.get(shownKey) ?? []), data]);
        setTabs((all) =>
          all.map((t) => (t.key === shownKey && t.ended ? { ...t, sessionId: undefined, ended: false } : t)),
        );
      },
    });
    return () => bus.setTarget(undefined);
  }, [bus, client, vmReady, shownKey, shownSession, shownTitle]);
  useEffect(() => {
    for (const t of tabs) {
      const waiting = queued.current.get(t.key);
      if (!t.sessionId || t.ended || !waiting) continue;
      queued.current.delete(t.key);
      void client.api.writeTerminal(t.sessionId, waiting.join(''));
    }
  }, [client, tabs]);

  const add = () => {
    const key = nextKey.current++;
    setTabs((all) => [...all, { key, title: `Terminal ${key}`, ended: false }]);
    setActive(tabs.length);
  };
  const close = (key: number) => {
    const tab = tabs.find((t) => t.key === key);
    if (tab?.sessionId) void client.api.closeTerminal(tab.sessionId);
    const rest = tabs.filter((t) => t.key !== key);
    setTabs(rest.length ? rest : [{ key: nextKey.current++, title: 'Terminal', ended: false }]);
    setActive((a) => Math.max(0, Math.min(a, rest.length - 1)));
  };

  return (
    <section className="pane terminal-pane" aria-label="Terminals" data-pane tabIndex={-1}>
      <div className="tabbar" role="tablist" aria-label="Terminal tabs">
        {tabs.map((t, i) => (
          <div key={t.key} className={`tab ${i === active ? 'active' : ''}`}>
            <button type="button" role="tab" aria-selected={i === active} onClick={() => setActive(i)}>
              {t.title}
            </button>
            <button type="button" className="tab-close" aria-label={`Close ${t.title}`} onClick={() => close(t.key)}>
              ×
            </button>
          </div>
        ))}
        <button type="button" className="tab-add" aria-label="New terminal" title="New terminal" onClick={add}>
          +
        </button>
        {/* Shown while the terminal has the keyboard (CSS :focus-within); screen readers get it from the input. */}
        <span className="key-hint" aria-hidden="true">
          <kbd>Shift</kbd>+<kbd>Esc</kbd> leaves the terminal
        </span>
      </div>
      <div className="terminal-stack">
        {tabs.map((t, i) => (
          <TerminalView
            key={t.key}
            client={client}
            sessionId={t.sessionId}
            ended={t.ended}
            active={i === active}
            theme={theme}
            onReady={(size) => setTabs((all) => all.map((x) => (x.key === t.key ? { ...x, size } : x)))}
            onReconnect={(size) => {
              setTabs((all) =>
                all.map((x) => (x.key === t.key ? { ...x, sessionId: undefined, ended: false, size } : x)),
              );
            }}
          />
        ))}
      </div>
    </section>
  );
}
