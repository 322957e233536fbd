// `npm run lessons:pack` as an instructor runs it: a child process in a scratch folder, packing the pilot lessons,
// unpacking the file, refusing a lesson lessons:check rejects and a hostile pack, each with its exit code.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readLessonFolder } from '../src/lessons/lesson-folder.node.js';
import { formatBytes } from '../src/lessons/pack/byte-size.js';
import { readLessonPack } from '../src/lessons/pack/read-lesson-pack.js';

const SCRIPT = fileURLToPath(new URL('./lessons-pack.mjs', import.meta.url));
const LESSONS = fileURLToPath(new URL('../lessons', import.meta.url));
const PILOTS = ['deployment-desired-state', 'first-containers', 'service-in-front'];
const scratch = mkdtempSync(join(tmpdir(), 'wharf-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Run `lessons:pack` with `args` in `cwd` (the scratch folder): its exit code and what it printed. */
function lessonsPack(args: string[], cwd = scratch): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: cwd },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The files of a folder by their path inside it. */
function filesIn(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(folder.length + 1)] = readFileSync(path, 'utf8');
  }
  return files;
}

describe('npm run lessons:pack', { timeout: 60_000 }, () => {
  it('packs the pilot lessons into a file that reads back as them, and prints what it packed', async () => {
    const run = lessonsPack(['--title', 'Pilot course', ...PILOTS.map((slug) => join(LESSONS, slug))]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const file = join(scratch, 'pilot-course.wharf-lesson.json');
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`packed 3 lessons into pilot-course.wharf-lesson.json (${formatBytes(statSync(file).size)})`);
    expect(lines.slice(1).map((line) => line.trim().split(/\s+/)[0])).toEqual(PILOTS);
    expect(lines[3]).toMatch(/^ {2}service-in-front +4 files, \d+(\.\d)? kB$/);

    const read = readLessonPack(readFileSync(file));
    if (!read.ok) throw new Error(read.error);
    expect(read.pack.title).toBe('Pilot course');
    const pilots = await readLessonFolder(LESSONS);
    for (const path of Object.keys(read.files)) expect(read.files[path], path).toBe(pilots[path]);
    expect(read.results.every((r) => r.ok)).toBe(true);
  });

  it('names a one-lesson pack after the lesson, and -o puts it elsewhere', () => {
    const run = lessonsPack([join(LESSONS, 'first-containers')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^packed 1 lesson into first-containers\.wharf-lesson\.json \(/);
    expect(existsSync(join(scratch, 'first-containers.wharf-lesson.json'))).toBe(true);
    expect(lessonsPack(['-o', 'shared/one.json', join(LESSONS, 'first-containers')]).status).toBe(0);
    expect(existsSync(join(scratch, 'shared', 'one.json'))).toBe(true);
  });

  it('unpacks a pack into lesson folders equal to the ones packed, and will not unpack over them', () => {
    const packed = lessonsPack(['-o', 'course.json', ...PILOTS.map((slug) => join(LESSONS, slug))]);
    expect(packed.status).toBe(0);
    const run = lessonsPack(['--unpack', 'course.json', '-o', 'received']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      'unpacked 3 lessons from course.json:',
      ...PILOTS.map((slug) => `  received/${slug}/`),
    ]);
    for (const slug of PILOTS)
      expect(filesIn(join(scratch, 'received', slug)), slug).toEqual(filesIn(join(LESSONS, slug)));

    writeFileSync(join(scratch, 'received', 'first-containers', 'lesson.md'), 'my edits');
    const again = lessonsPack(['--unpack', 'course.json', '-o', 'received']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('not unpacked: received/deployment-desired-state, received/first-containers');
    expect(readFileSync(join(scratch, 'received', 'first-containers', 'lesson.md'), 'utf8')).toBe('my edits');
  });

  it('refuses to pack a lesson lessons:check rejects or a file that is not text, with the errors, and writes nothing', () => {
    const folder = join(scratch, 'drafts', 'first-containers');
    cpSync(join(LESSONS, 'first-containers'), folder, { recursive: true });
    const md = readFileSync(join(folder, 'lesson.md'), 'utf8');
    writeFileSync(join(folder, 'lesson.md'), md.replace('check: docker.container', 'check: docker.containr'));
    writeFileSync(join(folder, 'notes.md'), 'for me');
    mkdirSync(join(folder, 'files'));
    writeFileSync(join(folder, 'files', 'logo.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const run = lessonsPack([folder], join(scratch, 'drafts'));
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'first-containers/files/logo.png: error: not UTF-8 text; a lesson pack carries text files only',
    );
    expect(lines[1]).toBe(
      "first-containers/notes.md: note: not packed: a pack carries a lesson's lesson.md, setup.sh and files/",
    );
    expect(lines[2]).toMatch(
      /^first-containers\/lesson\.md:\d+:10 error: check "hello-ran" has an unknown kind "docker\.containr"; did you mean "docker\.container"\?$/,
    );
    expect(lines.at(-1)).toBe('1 error in 1 of 1 lesson');
    expect(run.stderr.trim()).toBe('not packed: a lesson is packed once it passes npm run lessons:check');
    expect(readdirSync(join(scratch, 'drafts'))).toEqual(['first-containers']);
  });

  it('refuses a hostile pack with its sentence and writes nothing', () => {
    const hostile = {
      format: 'wharf-lesson-pack',
      version: 1,
      lessons: [{ slug: 'x', files: { 'lesson.md': '', 'files/../../../escaped': 'x' } }],
    };
    writeFileSync(join(scratch, 'hostile.json'), JSON.stringify(hostile));
    const run = lessonsPack(['--unpack', 'hostile.json', '-o', 'hostile-out']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'hostile.json: lessons[0].files["files/../../../escaped"] has a ".." in it: a pack\'s files stay inside their lesson\'s folder.',
    );
    expect(existsSync(join(scratch, 'hostile-out'))).toBe(false);
  });

  it('says how it is used when asked wrongly (exit 2)', () => {
    const run = lessonsPack(['--frobnicate']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown option --frobnicate\nusage: npm run lessons:pack');
    expect(lessonsPack([]).stderr).toContain('name the lessons to pack');
    expect(lessonsPack(['no-such-folder']).stderr).toContain('no-such-folder: no such folder');
  });
});
