/**
 * HTTP header fields: names compare case-insensitively, repeated fields keep their order (Set-Cookie-style fields
 * and `Www-Authenticate` must not be folded), and the original spelling is kept for the wire.
 */
export class HttpHeaders {
  private readonly fields: [name: string, value: string][] = [];

  constructor(init?: Iterable<readonly [string, string]> | Record<string, string | number | undefined>) {
    if (!init) return;
    const pairs = Symbol.iterator in init ? init : Object.entries(init);
    for (const [name, value] of pairs as Iterable<readonly [string, string | number | undefined]>) {
      if (value !== undefined) this.append(name, String(value));
    }
  }

  /** The field's value; repeated fields are joined with ", " as RFC 9110 allows for list-valued fields. */
  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    const values = this.fields.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
    return values.length ? values.join(', ') : undefined;
  }

  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    return this.fields.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
  }

  has(name: string): boolean {
    const lower = name.toLowerCase();
    return this.fields.some(([n]) => n.toLowerCase() === lower);
  }

  /** Replace every field of this name. */
  set(name: string, value: string): this {
    this.delete(name);
    this.fields.push([name, value]);
    return this;
  }

  append(name: string, value: string): this {
    this.fields.push([name, value]);
    return this;
  }

  delete(name: string): void {
    const lower = name.toLowerCase();
    for (let i = this.fields.length - 1; i >= 0; i--)
      if (this.fields[i]![0].toLowerCase() === lower) this.fields.splice(i, 1);
  }

  /** True when a comma-separated field (Connection, Transfer-Encoding, Upgrade) lists `token`. */
  hasToken(name: string, token: string): boolean {
    const want = token.toLowerCase();
    return this.getAll(name).some((v) => v.split(',').some((t) => t.trim().toLowerCase() === want));
  }

  entries(): IterableIterator<[string, string]> {
    return this.fields.map(([n, v]) => [n, v] as [string, string])[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** Lower-cased names to joined values (handy for logging and tests). */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [n, v] of this.fields) {
      const k = n.toLowerCase();
      out[k] = k in out ? `${out[k]}, ${v}` : v;
    }
    return out;
  }
}
