// Entry of the page. Keeps the shell tiny: React, xterm and the worker client; Monaco and v86 load later.
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { ErrorScreen } from './error-screen.js';
import { VmStore } from './vm-store.js';
import { WorkerClient } from './worker-client.js';
import { LessonsModel, pageStorage } from './lessons/lessons-model.js';
import { AuthorModel } from './lessons/author-model.js';
import { lessonLinkIn } from './lessons/lesson-link.js';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

async function start(): Promise<void> {
  if (typeof WebAssembly !== 'object' || typeof Worker !== 'function') {
    root.render(
      <ErrorScreen
        error={{ kind: 'no-webassembly', message: 'WebAssembly or Web Workers are not available in this browser.' }}
      />,
    );
    return;
  }
  // The service worker must control the page before the VM worker starts, or the first visit's downloads would
  // bypass its cache. On later visits it is already active: no wait.
  if ('serviceWorker' in navigator) {
    try {
      await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      if (!navigator.serviceWorker.controller) {
        await Promise.race([
          new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true })),
          new Promise((r) => setTimeout(r, 3000)),
        ]);
      }
    } catch {
      // No service worker (private mode, http on a LAN address): everything but offline use works.
    }
  }
  const store = new VmStore();
  const client = new WorkerClient();
  // Lesson progress and what the worker reports about lessons live as long as the page, not the lesson pane.
  const lessons = new LessonsModel(pageStorage());
  const author = new AuthorModel(client.api, pageStorage());
  client.on((e) => {
    store.apply(e);
    lessons.apply(e);
    author.apply(e);
  });
  // `?lesson=<url>`: fetched once (the worker keeps it), then the address loses the query so a reload does not
  // fetch it again; the lesson stays in the course map's "Opened lessons".
  const link = lessonLinkIn(window.location.href);
  if (link) {
    window.history.replaceState(window.history.state, '', link.rest);
    void author.openPackUrl(link.url);
  }
  client.onWorkerError((message) => store.set({ state: 'failed', error: { kind: 'crashed', message } }));
  root.render(<App client={client} store={store} lessons={lessons} author={author} />);
  client.api.boot().catch(() => undefined); // failures arrive as a vm/error event and show the error screen
  handOverToTests({ client, store });
}

/**
 * Browser tests and the bench drive the page through its client; they install `wharfTestHook` before the page
 * loads (playwright's addInitScript) and get the handles here. Nothing is put on `window` otherwise: the worker
 * client can type into terminals and must not be within reach of any other script.
 */
function handOverToTests(handles: { client: WorkerClient; store: VmStore }): void {
  const hook = (window as { wharfTestHook?: unknown }).wharfTestHook;
  if (typeof hook === 'function') hook(handles);
}

void start();
