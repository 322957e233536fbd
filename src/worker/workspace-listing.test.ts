import { describe, expect, it } from 'vitest';
import { diffListings, parseListing } from './workspace-listing.js';

describe('parseListing', () => {
  it('reads NUL-separated find records, including names with spaces and newlines', () => {
    const out =
      'd 4096 1700000000.5 app\0f 12 1700000001.25 app/Dockerfile\0f 3 1700000002.0 odd\nname .txt\0l 7 1.0 link\0';
    expect(parseListing(out)).toEqual([
      { path: 'app', kind: 'dir', size: 4096, mtimeMs: 1700000000500 },
      { path: 'app/Dockerfile', kind: 'file', size: 12, mtimeMs: 1700000001250 },
      { path: 'odd\nname .txt', kind: 'file', size: 3, mtimeMs: 1700000002000 },
    ]);
  });
});

describe('diffListings', () => {
  it('finds created, modified and deleted entries', () => {
    const a = parseListing('f 1 1.0 keep\0f 1 1.0 edit\0f 1 1.0 gone\0');
    const b = parseListing('f 1 1.0 keep\0f 2 2.0 edit\0f 5 3.0 new\0');
    expect(diffListings(a, b).map((c) => `${c.change}:${c.path}`)).toEqual([
      'modified:edit',
      'created:new',
      'deleted:gone',
    ]);
  });
});
