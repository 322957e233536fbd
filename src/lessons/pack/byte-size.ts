/** Sizes in UTF-8 bytes, as a pack's limits count them and its messages print them. */

/** `5 MB`, `12.3 kB`, `800 bytes`: sizes as the pack's messages and the CLI print them (decimal units, as the limits). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const [value, unit] = bytes < 1_000_000 ? [bytes / 1000, 'kB'] : [bytes / 1_000_000, 'MB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}

/** UTF-8 bytes of a string, without encoding it (a pack's text can be megabytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** A size over a limit, precise enough to differ from it: `5.1 MB`, but `5,000,015 bytes` over 5 MB. */
export function formatOver(bytes: number, limit: number): string {
  const short = formatBytes(bytes);
  return short === formatBytes(limit) ? `${bytes.toLocaleString('en-US')} bytes` : short;
}
