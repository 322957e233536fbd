import type { UnsavedFile } from '../../protocol/worker-events.js';

interface Props {
  /** Files of the last visit that did not come back. */
  notRestored: UnsavedFile[];
  /** Files whose current content would not come back after a reload. */
  unsaved: UnsavedFile[];
  onDismissRestored: () => void;
}

const SHOWN = 4;

/**
 * Says which workspace files are not kept between visits, and why: the learner must never find an old version, or
 * nothing, after a reload without having been told. File names come from the guest: React text only.
 */
export function UnsavedNotice({ notRestored, unsaved, onDismissRestored }: Props) {
  if (!notRestored.length && !unsaved.length) return null;
  return (
    <div className="notice unsaved-notice" role="status">
      {notRestored.length > 0 && (
        <div>
          <strong>Not restored from your last visit:</strong>
          <FileList files={notRestored} />
          <button type="button" onClick={onDismissRestored}>
            Dismiss
          </button>
        </div>
      )}
      {unsaved.length > 0 && (
        <div>
          <strong>Not kept if you reload now:</strong>
          <FileList files={unsaved} />
        </div>
      )}
    </div>
  );
}

function FileList({ files }: { files: UnsavedFile[] }) {
  return (
    <ul>
      {files.slice(0, SHOWN).map((f) => (
        <li key={f.path}>
          {f.path ? (
            <>
              <code>{f.path}</code>:{' '}
            </>
          ) : null}
          {f.reason}
          {f.retrying ? ' (trying again)' : ''}
        </li>
      ))}
      {files.length > SHOWN && <li>and {files.length - SHOWN} more</li>}
    </ul>
  );
}
