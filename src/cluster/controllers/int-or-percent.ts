/**
 * maxSurge / maxUnavailable arithmetic (upstream intstr.GetScaledValueFromIntOrPercent and ResolveFenceposts).
 * Surge rounds up and unavailability rounds down, so "25%" of 10 is 3 extra pods but only 2 missing ones; if both
 * resolve to 0 the rollout could never move, so maxUnavailable becomes 1.
 */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match)
    throw new Error(`invalid value for IntOrString: invalid value "${value}": must be an integer or percentage`);
  const percent = Number(match[1]);
  const scaled = (percent * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

export function resolveFenceposts(
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}
