/**
 * Asks the editor to open a workspace file from elsewhere in the page (the lesson pane's "Open in editor"). The
 * editor pane loads lazily: a request made before it listens is kept and handed over when it does.
 */
export class EditorRequests {
  private listener: ((path: string) => void) | undefined;
  private pending: string | undefined;

  open(path: string): void {
    if (this.listener) this.listener(path);
    else this.pending = path;
  }

  /** The editor pane listens (one at a time); it gets the request that waited for it, if any. */
  listen(listener: (path: string) => void): () => void {
    this.listener = listener;
    const waiting = this.pending;
    this.pending = undefined;
    if (waiting !== undefined) listener(waiting);
    return () => {
      if (this.listener === listener) this.listener = undefined;
    };
  }
}
