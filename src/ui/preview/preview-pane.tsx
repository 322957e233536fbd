import { useEffect, useRef, useState } from 'react';
import type { WorkerClient } from '../worker-client.js';
import type { VmView } from '../vm-store.js';
import { loadPersisted, savePersisted } from '../layout/persisted.js';
import { previewUrl } from '../../protocol/preview-relay.js';

interface Props {
  client: WorkerClient;
  vm: VmView;
  visible: boolean;
}

/**
 * What a previewed app may do in the pane: everything a page normally does (scripts, forms, pop-ups, dialogs,
 * downloads) in its own origin (`allow-same-origin` keeps the preview origin, not Wharf's: it is another host), but
 * not navigate the Wharf tab away.
 */
const PREVIEW_SANDBOX =
  'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals allow-downloads';

/**
 * Web apps running in the VM, shown in an iframe on the preview origin, http://<port>-<session>.preview.localhost
 * (the Wharf server relays those requests to this page, which has the VM worker answer them; see
 * server/preview-relay.ts). Port labels come from the guest and are rendered as React text only.
 */
export function PreviewPane({ client, vm, visible }: Props) {
  const [port, setPort] = useState<number | undefined>(
    () => loadPersisted('preview', { port: undefined as number | undefined }).port,
  );
  const [path, setPath] = useState('/');
  const [reload, setReload] = useState(0);
  const [relayReady, setRelayReady] = useState(client.previews.isConnected);

  useEffect(() => savePersisted('preview', { port }), [port]);

  useEffect(() => {
    setRelayReady(client.previews.isConnected);
    return client.previews.onState(setRelayReady);
  }, [client]);

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

  const src =
    port !== undefined
      ? `${previewUrl(location, client.previews.session, port)}${path.startsWith('/') ? path : `/${path}`}`
      : undefined;
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
      {!relayReady ? (
        <p className="empty">
          Previews are served by the Wharf server (npm start), which this page cannot reach right now; retrying.
        </p>
      ) : src && known ? (
        <iframe
          key={`${src}#${reload}`}
          title={`Preview of port ${port}`}
          src={src}
          sandbox={PREVIEW_SANDBOX}
          className="preview-frame"
        />
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
