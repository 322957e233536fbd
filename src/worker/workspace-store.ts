/**
 * Where the learner's workspace files are kept between visits (IndexedDB in the browser, a Map in tests). The
 * guest's disk is thrown away on reload (the VM restarts from its snapshot), so this is what "resume" restores.
 */
export interface WorkspaceStore {
  all(): Promise<Map<string, Uint8Array>>;
  put(path: string, data: Uint8Array): Promise<void>;
  delete(path: string): Promise<void>;
}

export class MemoryWorkspaceStore implements WorkspaceStore {
  readonly files = new Map<string, Uint8Array>();
  async all(): Promise<Map<string, Uint8Array>> {
    return new Map(this.files);
  }
  async put(path: string, data: Uint8Array): Promise<void> {
    this.files.set(path, data.slice());
  }
  async delete(path: string): Promise<void> {
    this.files.delete(path);
  }
}
