import type { VmError } from '../protocol/worker-api.js';

const TEXT: Record<VmError['kind'], { title: string; help: string }> = {
  'no-webassembly': {
    title: 'This browser cannot run the VM',
    help: 'Wharf runs Linux in WebAssembly. Use a current Chrome, Edge, Firefox or Safari with WebAssembly enabled.',
  },
  'out-of-memory': {
    title: 'The VM ran out of memory',
    help: 'The browser could not give the VM enough memory. Close other tabs and restart it.',
  },
  crashed: {
    title: 'The VM stopped',
    help: 'The emulated machine crashed or stopped answering. Your workspace files are saved; restart to continue.',
  },
  'assets-missing': {
    title: 'The VM image is missing',
    help: 'The server has no guest image to serve. Run `npm run build:vm` (or `npm start`) and reload.',
  },
  unknown: { title: 'The VM could not start', help: 'Something unexpected went wrong. Restarting usually helps.' },
};

/** The full-pane error screen. The message may come from the guest or the emulator: React renders it as text. */
export function ErrorScreen({ error, onRestart }: { error: VmError; onRestart?: () => void }) {
  const t = TEXT[error.kind];
  return (
    <div className="error-screen" role="alert">
      <h2>{t.title}</h2>
      <p>{t.help}</p>
      <details>
        <summary>Details</summary>
        <pre>{error.message}</pre>
      </details>
      {onRestart && (
        <button type="button" className="primary" onClick={onRestart}>
          Restart the VM
        </button>
      )}
    </div>
  );
}
