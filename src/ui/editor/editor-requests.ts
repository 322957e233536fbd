/** A file to show in the editor, at a line when the request comes from a place in it (a lesson error). */
export interface EditorRequest {
  path: string;
  /** 1-based. */
  line?: number;
}

/**
 * Asks the editor to open a workspace file from elsewhere in the page (the lesson pane's "Open in editor", a lesson
 * error's place in author mode). The editor pane loads lazily: a request made before it listens is kept and handed
 * over when it does.
 */
export class EditorRequests {
  private listener: ((request: EditorRequest) => void) | undefined;
  private pending: EditorRequest | undefined;

  open(path: string, line?: number): void {
    const request: EditorRequest = line === undefined ? { path } : { path, line };
    if (this.listener) this.listener(request);
    else this.pending = request;
  }

  /** The editor pane listens (one at a time); it gets the request that waited for it, if any. */
  listen(listener: (request: EditorRequest) => void): () => void {
    this.listener = listener;
    const waiting = this.pending;
    this.pending = undefined;
    if (waiting !== undefined) listener(waiting);
    return () => {
      if (this.listener === listener) this.listener = undefined;
    };
  }
}
