/**
 * Why a store operation failed, with the Kubernetes Status reason and HTTP code it maps to. The API layer renders it
 * into a Status body with the upstream message text; controllers branch on `reason`.
 */
export type StoreErrorReason =
  'NotFound' | 'AlreadyExists' | 'Conflict' | 'Gone' | 'Expired' | 'BadRequest' | 'Invalid';

const CODES: Record<StoreErrorReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Expired: 410,
  BadRequest: 400,
  Invalid: 422,
};

export class StoreError extends Error {
  readonly code: number;
  constructor(
    readonly reason: StoreErrorReason,
    message: string,
    /** For NotFound/AlreadyExists/Conflict: which object (Status.details). */
    readonly details?: { resource: string; name: string },
  ) {
    super(message);
    this.name = 'StoreError';
    this.code = CODES[reason];
  }
}

/** `deployments.apps` -> group `apps`, resource `deployments` (Status.details wants them apart). */
export function splitResource(resource: string): { group: string; resource: string } {
  const dot = resource.indexOf('.');
  return dot < 0 ? { group: '', resource } : { group: resource.slice(dot + 1), resource: resource.slice(0, dot) };
}

/** The upstream phrasing: `pods "web" not found`, `deployments.apps "web" not found`. */
export function notFound(resource: string, name: string): StoreError {
  return new StoreError('NotFound', `${resource} "${name}" not found`, { resource, name });
}

export function alreadyExists(resource: string, name: string): StoreError {
  return new StoreError('AlreadyExists', `${resource} "${name}" already exists`, { resource, name });
}

export function conflict(resource: string, name: string): StoreError {
  return new StoreError(
    'Conflict',
    `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { resource, name },
  );
}
