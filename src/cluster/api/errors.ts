import { HttpParseError } from '../../http/index.js';
import { StoreError, splitResource } from '../store/index.js';

/** A Kubernetes `Status` cause (one field error of an Invalid response). */
export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

/** An API failure rendered as a `Status` (kubectl prints `Error from server (<reason>): <message>`). */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusBody['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): StatusBody {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);
export const methodNotAllowed = (
  message = 'the server does not allow this method on the requested resource',
): ApiError => new ApiError(405, 'MethodNotAllowed', message);
export const notFoundPath = (): ApiError =>
  new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
export const forbidden = (resource: string, name: string, why: string): ApiError => {
  const { group, resource: r } = splitResource(resource);
  return new ApiError(403, 'Forbidden', `${resource} "${name}" is forbidden: ${why}`, {
    name,
    ...(group ? { group } : {}),
    kind: r,
  });
};

/** One field error, in apimachinery's `field.Error` shapes. */
export interface FieldError {
  type: 'Required' | 'Invalid' | 'Forbidden' | 'Duplicate' | 'NotSupported' | 'NotFound' | 'TooLong' | 'TooMany';
  field: string;
  /** Already Go-formatted (`"Bad_Name"`, `map[string]string{...}`, `3`) for Invalid/Duplicate/NotSupported. */
  value?: string;
  detail?: string;
}

const TYPE_TEXT: Record<FieldError['type'], string> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  Forbidden: 'Forbidden',
  Duplicate: 'Duplicate value',
  NotSupported: 'Unsupported value',
  NotFound: 'Not found',
  TooLong: 'Too long',
  TooMany: 'Too many',
};
const REASON: Record<FieldError['type'], string> = {
  Required: 'FieldValueRequired',
  Invalid: 'FieldValueInvalid',
  Forbidden: 'FieldValueForbidden',
  Duplicate: 'FieldValueDuplicate',
  NotSupported: 'FieldValueNotSupported',
  NotFound: 'FieldValueNotFound',
  TooLong: 'FieldValueTooLong',
  TooMany: 'FieldValueTooMany',
};

/** `field.Error.Error()`: `spec.selector: Required value`, `metadata.name: Invalid value: "x": detail`. */
export function fieldErrorText(e: FieldError): string {
  const body =
    e.value !== undefined &&
    (e.type === 'Invalid' || e.type === 'Duplicate' || e.type === 'NotSupported' || e.type === 'NotFound')
      ? `${TYPE_TEXT[e.type]}: ${e.value}`
      : TYPE_TEXT[e.type];
  return `${e.field}: ${body}${e.detail ? `: ${e.detail}` : ''}`;
}

/** `errors.NewInvalid`: 422 with one cause per field error and the upstream message layout. */
export function invalid(kind: string, group: string, name: string, errors: readonly FieldError[]): ApiError {
  const texts = errors.map(fieldErrorText);
  const joined = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${joined}`.replace(/^/, 'The '), {
    name,
    ...(group ? { group } : {}),
    kind,
    causes: errors.map((e) => ({
      reason: REASON[e.type],
      message: fieldErrorText(e).slice(e.field.length + 2),
      field: e.field,
    })),
  });
}

/** Status reasons (metav1.StatusReason) for the HTTP-level errors a request can cause. */
const HTTP_REASONS: Record<number, string> = {
  400: 'BadRequest',
  413: 'RequestEntityTooLarge',
  431: 'BadRequest',
};

/** Map anything thrown below the HTTP layer to an ApiError (store errors keep their reason and code). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreError) {
    if (error.details) {
      const { group, resource } = splitResource(error.details.resource);
      return new ApiError(error.code, error.reason, error.message, {
        name: error.details.name,
        ...(group ? { group } : {}),
        kind: resource,
      });
    }
    return new ApiError(error.code, error.reason, error.message);
  }
  // The request itself was bad (a body cut short or over the limit): its 4xx, as a Status.
  if (error instanceof HttpParseError && error.status >= 400 && error.status < 500) {
    return new ApiError(error.status, HTTP_REASONS[error.status] ?? 'BadRequest', error.message);
  }
  return new ApiError(
    500,
    'InternalError',
    `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`,
  );
}
