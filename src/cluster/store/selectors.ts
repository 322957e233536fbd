import { StoreError } from './errors.js';

/**
 * Label and field selectors: parsed once per request, then matched against many objects. The grammar follows
 * apimachinery's `labels.Parse` (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`) and
 * `fields.ParseSelector` (`f=v`, `f==v`, `f!=v`).
 */
export type Requirement =
  | { key: string; op: 'in'; values: readonly string[] }
  | { key: string; op: 'notin'; values: readonly string[] }
  | { key: string; op: 'exists' }
  | { key: string; op: '!exists' };

export type LabelRequirements = readonly Requirement[];

export interface LabelSelectorObject {
  matchLabels?: Readonly<Record<string, string>>;
  matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[];
}

function badSelector(message: string): StoreError {
  return new StoreError('BadRequest', message);
}

/** Parse a `labelSelector` query value. Empty string selects everything. */
export function parseLabelSelector(text: string): LabelRequirements {
  const reqs: Requirement[] = [];
  const s = text.trim();
  let i = 0;
  const skipSpace = (): void => {
    while (i < s.length && s[i] === ' ') i++;
  };
  const readKey = (): string => {
    skipSpace();
    const m = /^[A-Za-z0-9_./-]+/.exec(s.slice(i));
    if (!m) throw badSelector(`unable to parse requirement: found '${s[i] ?? ''}', expected: identifier`);
    i += m[0].length;
    return m[0];
  };
  const readValue = (): string => {
    skipSpace();
    const m = /^[A-Za-z0-9_.-]*/.exec(s.slice(i))!;
    i += m[0].length;
    return m[0];
  };
  while (i < s.length) {
    skipSpace();
    if (s[i] === '!') {
      i++;
      reqs.push({ key: readKey(), op: '!exists' });
    } else {
      const key = readKey();
      skipSpace();
      const rest = s.slice(i);
      if (rest.startsWith('==') || rest.startsWith('=')) {
        i += rest.startsWith('==') ? 2 : 1;
        reqs.push({ key, op: 'in', values: [readValue()] });
      } else if (rest.startsWith('!=')) {
        i += 2;
        reqs.push({ key, op: 'notin', values: [readValue()] });
      } else if (/^(in|notin)\s*\(/.test(rest)) {
        const op = rest.startsWith('in') ? 'in' : 'notin';
        i = s.indexOf('(', i) + 1;
        const close = s.indexOf(')', i);
        if (close < 0) throw badSelector(`unable to parse requirement: found '', expected: ')'`);
        const values = s
          .slice(i, close)
          .split(',')
          .map((v) => v.trim());
        i = close + 1;
        reqs.push({ key, op, values });
      } else if (rest === '' || rest.startsWith(',')) {
        reqs.push({ key, op: 'exists' });
      } else {
        throw badSelector(`unable to parse requirement: found '${rest[0]}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    }
    skipSpace();
    if (i < s.length) {
      if (s[i] !== ',') throw badSelector(`found '${s[i]}', expected: ',' or 'end of string'`);
      i++;
    }
  }
  return reqs;
}

/** A `metav1.LabelSelector` (matchLabels + matchExpressions) as requirements. */
export function labelSelectorRequirements(sel: LabelSelectorObject | undefined): LabelRequirements {
  if (!sel) return [];
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key, op: 'in', values: [value] });
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator;
    if (op === 'In') reqs.push({ key: e.key, op: 'in', values: e.values ?? [] });
    else if (op === 'NotIn') reqs.push({ key: e.key, op: 'notin', values: e.values ?? [] });
    else if (op === 'Exists') reqs.push({ key: e.key, op: 'exists' });
    else if (op === 'DoesNotExist') reqs.push({ key: e.key, op: '!exists' });
    else throw badSelector(`"${op}" is not a valid pod selector operator`);
  }
  return reqs;
}

export function matchLabels(reqs: LabelRequirements, labels: Readonly<Record<string, string>> | undefined): boolean {
  for (const r of reqs) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = has ? labels[r.key] : undefined;
    switch (r.op) {
      case 'exists':
        if (!has) return false;
        break;
      case '!exists':
        if (has) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(value!)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(value!)) return false;
        break;
    }
  }
  return true;
}

export interface FieldRequirement {
  field: string;
  value: string;
  negate: boolean;
}

/** Parse a `fieldSelector` query value (`metadata.name=web,status.phase!=Running`). */
export function parseFieldSelector(text: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const part of splitUnescaped(text.trim())) {
    if (!part) continue;
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw badSelector(`invalid selector: '${text}'; can't understand '${part}'`);
    out.push({ field: m[1]!.trim(), value: unescapeField(m[3]!.trim()), negate: m[2] === '!=' });
  }
  return out;
}

function splitUnescaped(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      cur += s[i]! + s[i + 1]!;
      i++;
    } else if (s[i] === ',') {
      parts.push(cur);
      cur = '';
    } else cur += s[i];
  }
  parts.push(cur);
  return parts;
}

function unescapeField(v: string): string {
  return v.replace(/\\(.)/g, '$1');
}

/** The value of a dotted field path (`spec.nodeName`), as a string the way field selectors compare it. */
export function fieldValue(obj: unknown, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

export function matchFields(reqs: readonly FieldRequirement[], obj: unknown): boolean {
  for (const r of reqs) {
    const v = fieldValue(obj, r.field);
    if ((v === r.value) === r.negate) return false;
  }
  return true;
}
