/**
 * Which tab saves the workspace. Every tab runs its own VM with its own copy of the files; if each saved, the
 * records would be a mix of both. So one tab at a time is the writer: the others say their changes are not kept,
 * and when the writer's tab closes the next one takes over (and saves its whole workspace).
 */
export interface WriterLock {
  /** Ask to become the writer; `onGranted` runs once, when (if ever) this tab is. */
  request(onGranted: () => void): void;
}

/** The lock name every Wharf tab of this origin asks for. */
export const WORKSPACE_WRITER_LOCK = 'wharf-workspace-writer';

/**
 * The Web Locks API: the lock is held for the life of this worker (its tab) and passes to a waiting tab when the
 * holder goes away, including when the tab crashes or is closed mid-save. Without the API (an old browser) this tab
 * is the writer, as before.
 */
export function webLocksWriter(name = WORKSPACE_WRITER_LOCK): WriterLock {
  return {
    request(onGranted) {
      const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
      if (!locks) {
        onGranted();
        return;
      }
      void locks.request(name, () => {
        onGranted();
        return new Promise<void>(() => undefined); // held until the worker ends
      });
    },
  };
}

/** Always the writer: tests and single-tab use. */
export const soleWriter: WriterLock = { request: (onGranted) => onGranted() };
