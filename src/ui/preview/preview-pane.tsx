import { useEffect, useRef, useState } from 'react';
import type { WorkerClient } from '../worker-client.js';
import type { VmView } from '../vm-store.js';
import { loadPersisted, savePersisted } from '../layout/persisted.js';

interface Props {
  client: WorkerClient;
  vm: VmView;
  visible: boolean;
}

/**
 * Web apps running in the VM, shown in an iframe at /preview/<port>/ (the service worker forwards those requests
 * into the guest). Port labels come from the guest and are rendered as React text only.
 */
export function PreviewPane({ client, vm, visible }: Props) {
  const [port, setPort] = useState<number | undefined>(
    () => loadPersisted('preview', { port: undefined as number | undefined }).port,
  );
  const [path, setPath] = useState('/');
  const [reload, setReload] = useState(0);
  const [swReady, setSwReady] = useState(false);

  useEffect(() => savePersisted('preview', { port }), [port]);

  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    void navigator.serviceWorker.ready.then(() => setSwReady(true));
  }, []);

  useEffect(() => {
    if (vm.state !== 'ready') return;
    void client.api.watchPorts(visible);
    return () => void client.api.watchPorts(false);
  }, [client, visible, vm.state]);

  // Follow the learner: a port that just opened is most likely the app they started, so show it; if the chosen
  // port went away, fall back to the first open one.
  const seen = useRef<Set<number> | undefined>(undefined);
  useEffect(() => {
    const fresh = seen.current ? vm.ports.filter((p) => !seen.current!.has(p.port)) : [];
    seen.current = new Set(vm.ports.map((p) => p.port));
    if (fresh.length) setPort(fresh[fresh.length - 1]!.port);
    else if (vm.ports.length && (port === undefined || !vm.ports.some((p) => p.port === port)))
      setPort(vm.ports[0]!.port);
  }, [vm.ports, port]);

  const src = port !== undefined ? `/preview/${port}${path.startsWith('/') ? path : `/${path}`}` : undefined;
  const known = port !== undefined && vm.ports.some((p) => p.port === port);

  return (
    <section className="pane preview-pane" aria-label="Preview" data-pane tabIndex={-1}>
      <div className="preview-bar">
        <label>
          <span className="sr-only">Port</span>
          <select
            aria-label="Port to preview"
            value={port ?? ''}
            onChange={(e) => setPort(e.target.value ? Number(e.target.value) : undefined)}
          >
            <option value="">{vm.ports.length ? 'choose a port' : 'no open ports'}</option>
            {vm.ports.map((p) => (
              <option key={p.port} value={p.port}>
                {p.port}
                {p.label ? ` · ${p.label}` : ''}
              </option>
            ))}
            {port !== undefined && !vm.ports.some((p) => p.port === port) && (
              <option value={port}>{port} (not open)</option>
            )}
          </select>
        </label>
        <input aria-label="Path" className="preview-path" value={path} onChange={(e) => setPath(e.target.value)} />
        <button
          type="button"
          onClick={() => setReload((r) => r + 1)}
          disabled={!src}
          aria-label="Reload preview"
          title="Reload"
        >
          ⟳
        </button>
        {src && (
          <a href={src} target="_blank" rel="noopener" title="Open in a new tab">
            Open in new tab ↗
          </a>
        )}
      </div>
      {!swReady ? (
        <p className="empty">Previews need a service worker; this browser has none active yet (reload once).</p>
      ) : src && known ? (
        <iframe key={`${src}#${reload}`} title={`Preview of port ${port}`} src={src} className="preview-frame" />
      ) : (
        <div className="empty">
          <p>Nothing to preview yet. Publish a port from the terminal, for example:</p>
          <pre>docker run -d -p 8080:80 nginx</pre>
          <p>Open ports appear here within a few seconds.</p>
        </div>
      )}
    </section>
  );
}
