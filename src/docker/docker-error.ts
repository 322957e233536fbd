/** Docker answered with an error status; `message` is dockerd's own text (what the docker CLI would print). */
export class DockerApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'DockerApiError';
  }

  get notFound(): boolean {
    return this.statusCode === 404;
  }

  get conflict(): boolean {
    return this.statusCode === 409;
  }

  /** 304 from start/stop: the container already was in the requested state. */
  get notModified(): boolean {
    return this.statusCode === 304;
  }
}
