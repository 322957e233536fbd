import { useEffect, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import '@xterm/xterm/css/xterm.css';
import type { WorkerClient } from '../worker-client.js';
import { darkTerminal, lightTerminal } from './terminal-theme.js';
import { TerminalSearch } from './terminal-search.js';

interface Props {
  client: WorkerClient;
  /** The guest shell this view shows; undefined while (re)connecting. */
  sessionId: string | undefined;
  /** The shell ended (exit, VM restart): show the reconnect bar. */
  ended: boolean;
  active: boolean;
  theme: 'light' | 'dark';
  onReconnect(size: { cols: number; rows: number }): void;
  /** Size known once the pane is laid out; the first shell is spawned with it. */
  onReady(size: { cols: number; rows: number }): void;
}

export const LEAVE_HINT = 'Press Shift+Escape to leave the terminal.';

/** One xterm.js terminal attached to one guest shell. Input goes straight to the PTY; output arrives batched. */
export function TerminalView({ client, sessionId, ended, active, theme, onReconnect, onReady }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const fit = useRef<FitAddon | null>(null);
  const search = useRef<SearchAddon | null>(null);
  const session = useRef<string | undefined>(sessionId);
  const early = useRef<string[]>([]);
  const endedRef = useRef(ended);
  endedRef.current = ended;
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    const t = new Terminal({
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      scrollback: 10_000,
      cursorBlink: true,
      allowProposedApi: true,
      theme: theme === 'dark' ? darkTerminal : lightTerminal,
    });
    const f = new FitAddon();
    const s = new SearchAddon();
    t.loadAddon(f);
    t.loadAddon(s);
    t.loadAddon(new WebLinksAddon((_e, uri) => window.open(uri, '_blank', 'noopener')));
    t.open(host.current!);
    // Screen readers announce how to get out: plain Escape belongs to the programs in the terminal (vi, less).
    t.textarea?.setAttribute('aria-description', LEAVE_HINT);
    term.current = t;
    fit.current = f;
    search.current = s;
    t.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      if (e.key === 'Escape' && e.shiftKey) {
        // Plain Escape belongs to the shell (vi, less); Shift+Escape hands focus back to the page.
        t.blur();
        host.current?.closest<HTMLElement>('[data-pane]')?.focus();
        return false;
      }
      if (e.ctrlKey && e.shiftKey && (e.key === 'F' || e.key === 'f')) {
        setSearching(true);
        return false;
      }
      if (e.ctrlKey && e.shiftKey && (e.key === 'C' || e.key === 'c')) {
        const text = t.getSelection();
        if (text) void navigator.clipboard?.writeText(text);
        return false;
      }
      // Ctrl+Shift+V: let the browser's paste event reach xterm's textarea.
      return !(e.ctrlKey && e.shiftKey && (e.key === 'V' || e.key === 'v'));
    });
    const input = t.onData((data) => {
      if (session.current) void client.api.writeTerminal(session.current, data);
      // Typed while the shell is still starting (the VM just said ready): keep it for the shell, as a real
      // terminal's input queue would. An ended shell's Enter means "reconnect" instead (below).
      else if (!endedRef.current) early.current.push(data);
    });
    const resize = t.onResize(({ cols, rows }) => {
      // Exposed for tests and the bench: the size the guest PTY should report (`stty size`).
      host.current?.setAttribute('data-size', `${rows} ${cols}`);
      if (session.current) void client.api.resizeTerminal(session.current, { cols, rows });
    });
    const observer = new ResizeObserver(() => {
      if (host.current && host.current.offsetWidth > 0 && host.current.offsetHeight > 0) f.fit();
    });
    observer.observe(host.current!);
    f.fit();
    host.current?.setAttribute('data-size', `${t.rows} ${t.cols}`);
    onReady({ cols: t.cols, rows: t.rows });
    return () => {
      observer.disconnect();
      input.dispose();
      resize.dispose();
      t.dispose();
    };
    // The terminal is created once; theme and session changes are applied below without recreating it.
  }, []);

  useEffect(() => {
    if (term.current) term.current.options.theme = theme === 'dark' ? darkTerminal : lightTerminal;
  }, [theme]);

  useEffect(() => {
    session.current = sessionId;
    const t = term.current;
    if (!sessionId || !t) return;
    client.claim(sessionId);
    for (const chunk of client.takePending(sessionId)) t.write(chunk);
    const off = client.on((event) => {
      if (event.type === 'term/output' && event.id === sessionId) t.write(event.data);
    });
    // The PTY was created with the size we had then; the pane may have changed since.
    void client.api.resizeTerminal(sessionId, { cols: t.cols, rows: t.rows });
    if (early.current.length) void client.api.writeTerminal(sessionId, early.current.splice(0).join(''));
    return off;
  }, [client, sessionId]);

  useEffect(() => {
    if (active) {
      fit.current?.fit();
      term.current?.focus();
    }
  }, [active]);

  useEffect(() => {
    if (ended)
      term.current?.write('\r\n\x1b[2m[the shell ended; press Enter or use Reconnect for a new one]\x1b[0m\r\n');
  }, [ended]);

  useEffect(() => {
    if (!ended || !term.current) return;
    const t = term.current;
    const sub = t.onData((d) => {
      if (d === '\r') onReconnect({ cols: t.cols, rows: t.rows });
    });
    return () => sub.dispose();
  }, [ended, onReconnect]);

  return (
    <div className="terminal-view" hidden={!active}>
      {ended && (
        <div className="notice" role="status">
          This shell has ended.{' '}
          <button
            type="button"
            onClick={() => term.current && onReconnect({ cols: term.current.cols, rows: term.current.rows })}
          >
            Reconnect
          </button>
        </div>
      )}
      {searching && search.current && (
        <TerminalSearch
          addon={search.current}
          onClose={() => {
            setSearching(false);
            term.current?.focus();
          }}
        />
      )}
      <div className="terminal-host" ref={host} data-testid="terminal" />
    </div>
  );
}
