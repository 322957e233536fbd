/**
 * Standard 5-field cron schedules (minute hour day-of-month month day-of-week), as the CronJob controller accepts
 * them (robfig/cron's standard parser): `*`, lists `a,b`, ranges `a-b`, steps `*\/n` and `a-b/n`, month and weekday
 * names, and the `@yearly`/`@monthly`/`@weekly`/`@daily`/`@midnight`/`@hourly` shorthands. Evaluated in UTC.
 */
export interface CronSchedule {
  /** The first scheduled time strictly after `after` (ms), minute-aligned. */
  next(after: number): number;
}

const SHORTHANDS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Field {
  values: Set<number>;
  star: boolean;
}

function parseField(text: string, min: number, max: number, names?: string[], nameBase = 0): Field {
  const values = new Set<number>();
  const value = (s: string): number => {
    const lower = s.toLowerCase();
    const named = names?.indexOf(lower) ?? -1;
    if (named >= 0) return named + nameBase;
    if (!/^\d+$/.test(s)) throw new Error(`failed to parse int from ${s}`);
    return Number(s);
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) throw new Error(`failed to parse int from ${stepText}`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') [lo, hi] = [min, max];
    else if (range!.includes('-')) {
      const [a, b] = range!.split('-');
      [lo, hi] = [value(a!), value(b!)];
    } else {
      lo = value(range!);
      hi = stepText === undefined ? lo : max;
    }
    if (lo < min || hi > max || lo > hi) throw new Error(`end of range (${hi}) above maximum (${max}): ${part}`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, star: text === '*' || text === '?' };
}

export function parseCron(spec: string): CronSchedule {
  const text = SHORTHANDS[spec.trim()] ?? spec.trim();
  const fields = text.split(/\s+/);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: ${spec}`);
  const minute = parseField(fields[0]!, 0, 59);
  const hour = parseField(fields[1]!, 0, 23);
  const dom = parseField(fields[2]!, 1, 31);
  const month = parseField(fields[3]!, 1, 12, MONTHS, 1);
  const dowRaw = parseField(fields[4]!, 0, 7, DAYS);
  const dow: Field = { star: dowRaw.star, values: new Set([...dowRaw.values].map((d) => d % 7)) };
  const dayMatches = (d: Date): boolean => {
    const inDom = dom.values.has(d.getUTCDate());
    const inDow = dow.values.has(d.getUTCDay());
    // Cron's rule: when both day fields are restricted, either may match.
    if (dom.star || dow.star) return inDom && inDow;
    return inDom || inDow;
  };
  return {
    next(after) {
      const t = new Date(Math.floor(after / 60_000) * 60_000 + 60_000);
      // Walk forward field by field; five years bounds the search for impossible dates (Feb 30).
      const limit = after + 5 * 366 * 86_400_000;
      while (t.getTime() <= limit) {
        if (!month.values.has(t.getUTCMonth() + 1)) {
          t.setUTCMonth(t.getUTCMonth() + 1, 1);
          t.setUTCHours(0, 0, 0, 0);
          continue;
        }
        if (!dayMatches(t)) {
          t.setUTCDate(t.getUTCDate() + 1);
          t.setUTCHours(0, 0, 0, 0);
          continue;
        }
        if (!hour.values.has(t.getUTCHours())) {
          t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
          continue;
        }
        if (!minute.values.has(t.getUTCMinutes())) {
          t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
          continue;
        }
        return t.getTime();
      }
      return Infinity;
    },
  };
}
