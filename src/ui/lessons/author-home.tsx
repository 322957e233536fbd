import { useEffect, useState } from 'react';
import type { WorkerClient } from '../worker-client.js';
import type { VmView } from '../vm-store.js';
import type { AuthorModel, AuthorView } from './author-model.js';
import { routeHash, type LessonRoute } from './lesson-route.js';

export interface AuthorHomeProps {
  client: WorkerClient;
  vm: VmView;
  author: AuthorModel;
  view: AuthorView;
  navigate(route: LessonRoute): void;
}

/**
 * Author mode's way in: the workspace folders that hold a lesson.md, a new lesson from the starter, or a folder
 * dropped on the page. The lesson is written in the editor; the pane shows it as the learner will see it.
 */
export function AuthorHome({ client, vm, author, view, navigate }: AuthorHomeProps) {
  const [folders, setFolders] = useState<string[]>();
  const [name, setName] = useState('my-lesson');
  const [busy, setBusy] = useState(false);
  const vmReady = vm.state === 'ready';

  useEffect(() => {
    if (!vmReady) return;
    client.api.lessonFolders().then(setFolders, () => setFolders([]));
  }, [client, vmReady, vm.generation]);

  const open = async (action: () => Promise<string | undefined>) => {
    setBusy(true);
    const slug = await action();
    setBusy(false);
    if (slug) navigate({ page: 'lesson', lesson: slug });
  };

  return (
    <div className="author-home">
      <nav className="lesson-nav" aria-label="Author mode">
        <a href={routeHash({ page: 'map' })}>← All lessons</a>
      </nav>
      <h2>Write a lesson</h2>
      <p>
        A lesson is a folder in your workspace with a <code>lesson.md</code> (and optionally <code>files/</code> and{' '}
        <code>setup.sh</code>). Edit it in the editor: this pane shows it as a learner will see it, with its mistakes
        listed, and its checks run against this VM.
      </p>
      {view.draft && (
        <p className="lesson-notice" role="status">
          Writing <code>{view.draft.folder}</code>:{' '}
          <a href={routeHash({ page: 'lesson', lesson: view.draft.slug })}>back to it</a>
        </p>
      )}
      {!vmReady && <p className="muted">The lesson folders are listed once the VM has started.</p>}
      {vmReady && (
        <section aria-label="Lesson folders in the workspace">
          <h3 className="map-heading">Open a lesson folder</h3>
          {folders === undefined && <p className="muted">Looking for lesson folders…</p>}
          {folders?.length === 0 && <p className="muted">No folder in the workspace holds a lesson.md yet.</p>}
          <ul className="author-folders">
            {folders?.map((folder) => (
              <li key={folder}>
                <button type="button" disabled={busy} onClick={() => void open(() => author.openFolder(folder))}>
                  {folder}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-label="New lesson">
        <h3 className="map-heading">New lesson</h3>
        <form
          className="author-new"
          onSubmit={(e) => {
            e.preventDefault();
            void open(() => author.createFolder(name.trim()));
          }}
        >
          <label>
            Folder <input value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} />
          </label>
          <button type="submit" className="primary" disabled={!vmReady || busy}>
            New lesson
          </button>
        </form>
        <p className="muted">
          Writes a starter <code>lesson.md</code> with one step into <code>/root/workspace/{name.trim() || '…'}</code>.
          Or drop a lesson folder from your computer anywhere on the page: its files are copied into the workspace.
        </p>
      </section>
    </div>
  );
}
