/**
 * An untrusted file, as text or bytes, to the value its JSON holds, or to the sentence that says why it cannot be a
 * lesson pack: too big (checked before anything is decoded or parsed), not UTF-8, empty, not JSON (with the line and
 * column when the JSON parser tells the position).
 */
import { formatBytes, formatOver, utf8Length } from './byte-size.js';

export type PackJson = { ok: true; value: unknown } | { ok: false; error: string };

export function parsePackJson(input: string | Uint8Array, maxBytes: number): PackJson {
  let text: string;
  if (typeof input === 'string') {
    // Every UTF-16 unit is at least one UTF-8 byte: a string longer than the limit is too big without counting.
    const bytes = input.length > maxBytes ? input.length : utf8Length(input);
    if (bytes > maxBytes) return tooBig(bytes, maxBytes);
    text = input.startsWith('\ufeff') ? input.slice(1) : input;
  } else if (input instanceof Uint8Array) {
    if (input.byteLength > maxBytes) return tooBig(input.byteLength, maxBytes);
    try {
      // fatal: a byte that is not UTF-8 is an error, not a silent U+FFFD; the decoder drops a leading BOM.
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return { ok: false, error: 'Not a lesson pack: the file is not UTF-8 text.' };
    }
  } else {
    return { ok: false, error: 'Not a lesson pack: a pack is read from the text or the bytes of a file.' };
  }
  if (text.trim() === '') return { ok: false, error: 'Not a lesson pack: the file is empty.' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `Not a lesson pack: the file is not valid JSON (${jsonProblem(text, error)}).` };
  }
}

function tooBig(bytes: number, maxBytes: number): PackJson {
  return { ok: false, error: packTooBig(bytes, maxBytes) };
}

/** The sentence for a file over the size limit (the CLI says it from the file's size, before reading the file). */
export function packTooBig(bytes: number, maxBytes: number): string {
  return `This file is ${formatOver(bytes, maxBytes)}; a lesson pack may be at most ${formatBytes(maxBytes)}.`;
}

/**
 * The parser's complaint in the user's terms: `line 3, column 5: expected ',' or '}' after property value`. V8 gives
 * a position for some mistakes (`... in JSON at position 40`) and quotes the text around others, which can be long or
 * hostile, so the quote is dropped and the position, when there is one, becomes a line and column.
 */
function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  let reason = message
    .replace(/,\s*"[\s\S]*" is not valid JSON$/, '')
    .replace(/\s*(in JSON )?at position \d+[\s\S]*$/, '')
    .trim();
  reason = reason.charAt(0).toLowerCase() + reason.slice(1);
  // The token it quotes can be any character of the file: show a control character as its escape, not raw.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  reason = reason.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
  if (!position) return reason;
  const offset = Number(position[1]);
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before.at(-1) ?? '').length + 1;
  return `line ${line}, column ${column}: ${reason}`;
}
