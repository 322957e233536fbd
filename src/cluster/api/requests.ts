/** What a caller (REST handler or in-process client) may ask of the registry beyond the object itself. */

export interface WriteOptions {
  /** `dryRun=All`: run every check, store nothing. */
  dryRun?: boolean;
  /** Accepted and ignored (no managedFields tracking). */
  fieldManager?: string;
}

export interface DeleteRequest extends WriteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface ListRequest {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}
