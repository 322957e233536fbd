import { describe, expect, it } from 'vitest';
import { carriesFiles, readDrop } from './dropped-lesson.js';

/** A dropped file or folder as the File and Directory Entries API hands it over. */
type FakeEntry =
  | { isFile: true; isDirectory: false; name: string; file(ok: (f: File) => void): void }
  | {
      isFile: false;
      isDirectory: true;
      name: string;
      createReader(): { readEntries(ok: (e: FakeEntry[]) => void): void };
    };

function file(name: string, text: string): FakeEntry {
  return { isFile: true, isDirectory: false, name, file: (ok) => ok(new File([text], name)) };
}

/** A folder whose reader hands its entries over two at a time, as browsers batch them. */
function folder(name: string, children: FakeEntry[]): FakeEntry {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      let at = 0;
      return {
        readEntries(ok) {
          ok(children.slice(at, at + 2));
          at += 2;
        },
      };
    },
  };
}

function transfer(entries: FakeEntry[], files: File[] = []): DataTransfer {
  return {
    items: entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry })),
    files,
  } as unknown as DataTransfer;
}

describe('readDrop', () => {
  it('reads a dropped folder whole, through nested folders and batched listings', async () => {
    const dropped = await readDrop(
      transfer([
        folder('my-lesson', [
          file('lesson.md', '---'),
          file('setup.sh', 'true'),
          folder('files', [file('app.py', 'print()'), file('b.txt', 'b'), file('c.txt', 'c')]),
        ]),
      ]),
    );
    expect(dropped).toEqual({
      kind: 'folder',
      name: 'my-lesson',
      skipped: [],
      files: [
        { path: 'files/app.py', text: 'print()' },
        { path: 'files/b.txt', text: 'b' },
        { path: 'files/c.txt', text: 'c' },
        { path: 'lesson.md', text: '---' },
        { path: 'setup.sh', text: 'true' },
      ],
    });
  });

  it('leaves out files too big to be lesson text, naming them', async () => {
    const dropped = await readDrop(
      transfer([folder('l', [file('lesson.md', '---'), file('disk.img', 'x'.repeat(600 * 1024))])]),
    );
    expect(dropped).toMatchObject({ kind: 'folder', skipped: ['disk.img (larger than 512 KB)'] });
  });

  it('takes one .json file as a lesson pack, and refuses anything else with a sentence', async () => {
    const json = new File(['{}'], 'a.wharf-lesson.json');
    const pack = await readDrop(transfer([file('a.wharf-lesson.json', '{}')], [json]));
    expect(pack.kind === 'pack' && [pack.name, new TextDecoder().decode(pack.bytes)]).toEqual([
      'a.wharf-lesson.json',
      '{}',
    ]);

    const photo = new File(['x'], 'cat.png');
    expect(await readDrop(transfer([file('cat.png', 'x')], [photo]))).toEqual({
      kind: 'other',
      reason: 'cat.png is not a lesson: drop a lesson folder (with a lesson.md) or a .wharf-lesson.json file.',
    });
    expect(await readDrop(transfer([file('a', ''), file('b', '')]))).toEqual({
      kind: 'other',
      reason: 'Drop one lesson folder or one lesson file at a time.',
    });
  });

  it('takes drags that carry files only', () => {
    expect(carriesFiles(['Files'])).toBe(true);
    expect(carriesFiles(['text/plain'])).toBe(false);
  });
});
