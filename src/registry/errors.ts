/**
 * Registry errors in the OCI distribution format (`{"errors":[{code,message,detail}]}`) with the status codes
 * Docker maps to its messages: NAME_UNKNOWN -> "repository ... not found", MANIFEST_UNKNOWN -> "manifest for ... not
 * found", DENIED -> "pull access denied".
 */
export type RegistryErrorCode =
  | 'BLOB_UNKNOWN'
  | 'BLOB_UPLOAD_INVALID'
  | 'BLOB_UPLOAD_UNKNOWN'
  | 'DIGEST_INVALID'
  | 'MANIFEST_BLOB_UNKNOWN'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_UNKNOWN'
  | 'NAME_INVALID'
  | 'NAME_UNKNOWN'
  | 'SIZE_INVALID'
  | 'TAG_INVALID'
  | 'RANGE_INVALID'
  | 'UNSUPPORTED'
  | 'DENIED';

/** Status and default message per code, as the reference registry sends them (docker prints the message). */
const CODES: Record<RegistryErrorCode, [status: number, message: string]> = {
  BLOB_UNKNOWN: [404, 'blob unknown to registry'],
  BLOB_UPLOAD_INVALID: [400, 'blob upload invalid'],
  BLOB_UPLOAD_UNKNOWN: [404, 'blob upload unknown to registry'],
  DIGEST_INVALID: [400, 'provided digest did not match uploaded content'],
  MANIFEST_BLOB_UNKNOWN: [400, 'blob unknown to registry'],
  MANIFEST_INVALID: [400, 'manifest invalid'],
  MANIFEST_UNKNOWN: [404, 'manifest unknown'],
  NAME_INVALID: [400, 'invalid repository name'],
  NAME_UNKNOWN: [404, 'repository name not known to registry'],
  SIZE_INVALID: [400, 'provided length did not match content length'],
  TAG_INVALID: [400, 'manifest tag did not match URI'],
  RANGE_INVALID: [416, 'invalid content range'],
  UNSUPPORTED: [405, 'The operation is unsupported.'],
  DENIED: [403, 'requested access to the resource is denied'],
};

export class RegistryError extends Error {
  readonly status: number;

  constructor(
    readonly code: RegistryErrorCode,
    readonly detail?: unknown,
    message?: string,
    /** When HTTP itself decided the status (413 for a body over the limit). @default the code's status */
    status?: number,
  ) {
    const [codeStatus, defaultMessage] = CODES[code];
    super(message ?? defaultMessage);
    this.name = 'RegistryError';
    this.status = status ?? codeStatus;
  }

  /** The JSON body every registry client understands. */
  toJson(): string {
    const error: { code: string; message: string; detail?: unknown } = { code: this.code, message: this.message };
    if (this.detail !== undefined) error.detail = this.detail;
    return JSON.stringify({ errors: [error] });
  }
}
