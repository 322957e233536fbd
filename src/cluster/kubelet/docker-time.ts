import { rfc3339 } from '../clock.js';

/** Docker's nanosecond timestamps as Kubernetes' second-precision RFC 3339; Docker's zero time means "never". */
export function dockerTime(value: string | undefined): string | undefined {
  if (!value || value.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : rfc3339(ms);
}
