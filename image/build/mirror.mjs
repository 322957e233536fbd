// The Debian mirror for debootstrap, read from the machine's own apt sources (no host name is written in this repo).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES_DIR = '/etc/apt/sources.list.d';

/** deb822 stanzas (`*.sources`): the first whose Suites list the release itself (not -updates/-security). */
function fromDeb822(text, suite) {
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name) =>
      stanza
        .match(new RegExp(`^${name}:\\s*(.+)$`, 'mi'))?.[1]
        .trim()
        .split(/\s+/) ?? [];
    if (field('Types').includes('deb') && field('Suites').includes(suite)) return field('URIs')[0];
  }
  return undefined;
}

/** One-line format (`deb [opts] URI suite components`). */
function fromOneLine(text, suite) {
  for (const line of text.split('\n')) {
    const m = line.match(/^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/);
    if (m && m[2] === suite) return m[1];
  }
  return undefined;
}

export function debianMirror(suite = 'bookworm') {
  const files = existsSync(SOURCES_DIR) ? readdirSync(SOURCES_DIR).map((f) => join(SOURCES_DIR, f)) : [];
  for (const file of [...files.filter((f) => f.endsWith('.sources')), ...files.filter((f) => f.endsWith('.list'))]) {
    const text = readFileSync(file, 'utf8');
    const uri = file.endsWith('.sources') ? fromDeb822(text, suite) : fromOneLine(text, suite);
    if (uri) return uri;
  }
  if (existsSync('/etc/apt/sources.list')) {
    const uri = fromOneLine(readFileSync('/etc/apt/sources.list', 'utf8'), suite);
    if (uri) return uri;
  }
  throw new Error(`no apt source for Debian ${suite} found in /etc/apt/sources.list(.d); add one and retry`);
}
