#!/usr/bin/env tsx
// `npm run lessons:pack -- [--title T] [-o FILE] <lesson folder or lessons folder>...`: pack lessons into one file an
// instructor can share (`<slug>.wharf-lesson.json`, or the course's name), after checking them as lessons:check does:
// a lesson with an error is not packed (exit 1, the errors printed as lessons:check prints them).
// `npm run lessons:pack -- --unpack FILE [-o DIR]`: the lessons of a pack back as folders in DIR (default: here).
// The format and its checks are src/lessons/pack/ (docs: "Sharing a lesson"); this file only reads and writes files.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { formatLessonError } from '../src/lessons/lesson-error.js';
import { readLessonFolder } from '../src/lessons/lesson-folder.node.js';
import { checkLessons, checkSummary } from '../src/lessons/lint/check-lessons.js';
import { formatBytes, utf8Length } from '../src/lessons/pack/byte-size.js';
import { DEFAULT_PACK_LIMITS, lessonPackText } from '../src/lessons/pack/lesson-pack.js';
import { packFileName } from '../src/lessons/pack/pack-file-name.js';
import { packTooBig } from '../src/lessons/pack/pack-json.js';
import { filesLeftOut, packLessons, PackLessonsError } from '../src/lessons/pack/pack-lessons.js';
import { readLessonPack } from '../src/lessons/pack/read-lesson-pack.js';

const usage = [
  'usage: npm run lessons:pack -- [--title T] [-o FILE] <lesson folder or lessons folder>...',
  '       npm run lessons:pack -- --unpack FILE [-o DIR]',
].join('\n');
// npm runs scripts from the package's root; paths on the command line are the caller's.
const cwd = process.env['INIT_CWD'] ?? process.cwd();
const options = parseArguments(process.argv.slice(2));
if (options.unpack !== undefined) unpack(options.unpack, options.out);
else await pack(options.folders, options.title, options.out);

interface Options {
  folders: string[];
  title?: string;
  out?: string;
  unpack?: string;
}

function parseArguments(args: string[]): Options {
  const options: Options = { folders: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith('-')) usageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--title') options.title = value();
    else if (arg === '-o' || arg === '--out') options.out = value();
    else if (arg === '--unpack') options.unpack = value();
    else if (arg === '-h' || arg === '--help') {
      console.log(usage);
      process.exit(0);
    } else if (arg.startsWith('-')) usageError(`unknown option ${arg}`);
    else options.folders.push(arg);
  }
  if (options.unpack !== undefined && (options.folders.length || options.title !== undefined)) {
    usageError('--unpack takes a pack and -o DIR, not folders or --title');
  }
  if (options.unpack === undefined && options.folders.length === 0) usageError('name the lessons to pack');
  return options;
}

async function pack(args: string[], title: string | undefined, out: string | undefined): Promise<void> {
  const folders = args.map((arg) => {
    const folder = resolve(cwd, arg);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) usageError(`${arg}: no such folder`);
    return { arg, folder, one: existsSync(join(folder, 'lesson.md')) };
  });
  // Paths are shown relative to where the command runs, as lessons:check shows them; a lesson folder that is the
  // current folder itself would have no folder name in its paths (its slug), so then they start one level up.
  const base = folders.some((f) => f.one && f.folder === cwd) ? dirname(cwd) : cwd;
  const key = (path: string) => relative(base, path).split(sep).join('/');
  const files: Record<string, string> = {};
  const chosen: string[] = [];
  for (const { arg, folder, one } of folders) {
    if (one) {
      // Its neighbours' lessons too (only those: the parent may be a home folder), so its prerequisites resolve.
      for (const entry of readdirSync(dirname(folder), { withFileTypes: true })) {
        const sibling = join(dirname(folder), entry.name);
        if (entry.isDirectory() && existsSync(join(sibling, 'lesson.md'))) {
          Object.assign(files, await readLessonFolder(sibling, base));
        }
      }
      chosen.push(key(folder));
    } else {
      const read = await readLessonFolder(folder, base);
      const roots = Object.keys(read).filter((p) => p.endsWith('/lesson.md'));
      if (roots.length === 0) fail(`${arg}: no lesson here (a lesson is a folder with a lesson.md)`);
      Object.assign(files, read);
      chosen.push(...roots.map((p) => p.slice(0, -'/lesson.md'.length)));
    }
  }
  const lessonFolders = [...new Set(chosen)];

  // A pack carries text; a picture in files/ would arrive as garbage, so it is refused here, not discovered later.
  const leftOut = new Set(filesLeftOut(files, lessonFolders));
  const notText = Object.keys(files).filter(
    (path) =>
      lessonFolders.some((f) => path.startsWith(`${f}/`)) &&
      !leftOut.has(path) &&
      files[path]?.includes('\ufffd') &&
      !isUtf8(readFileSync(resolve(base, path))),
  );
  for (const path of notText) console.log(`${path}: error: not UTF-8 text; a lesson pack carries text files only`);
  for (const path of leftOut)
    console.log(`${path}: note: not packed: a pack carries a lesson's lesson.md, setup.sh and files/`);

  // Checked as it will travel: without the files that stay behind (a link to one of them would break on the way).
  const travelling = Object.fromEntries(Object.entries(files).filter(([path]) => !leftOut.has(path)));
  const checks = checkLessons(travelling, lessonFolders);
  const errors = checks.flatMap((check) => check.errors);
  for (const error of errors) console.log(formatLessonError(error));
  if (errors.length || notText.length) {
    if (errors.length) console.log(checkSummary(checks));
    fail('not packed: a lesson is packed once it passes npm run lessons:check');
  }

  let made;
  try {
    made = packLessons(travelling, { ...(title !== undefined ? { title } : {}), only: lessonFolders });
  } catch (error) {
    if (error instanceof PackLessonsError) fail(`not packed: ${error.message}`);
    throw error;
  }
  const onlyFolder = folders.length === 1 && !folders[0]?.one ? basename(folders[0]?.folder ?? '') : undefined;
  const target = resolve(cwd, out ?? packFileName(made, onlyFolder));
  const text = lessonPackText(made);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  const count = made.lessons.length;
  console.log(
    `packed ${count} lesson${count === 1 ? '' : 's'} into ${relative(cwd, target)} (${formatBytes(utf8Length(text))})`,
  );
  const width = Math.max(...made.lessons.map((l) => l.slug.length));
  for (const lesson of made.lessons) {
    const texts = Object.values(lesson.files);
    const size = texts.reduce((sum, t) => sum + utf8Length(t), 0);
    const n = texts.length;
    console.log(`  ${lesson.slug.padEnd(width)}  ${n} file${n === 1 ? '' : 's'}, ${formatBytes(size)}`);
  }
}

function unpack(file: string, out: string | undefined): void {
  const path = resolve(cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) usageError(`${file}: no such file`);
  // The size first: a file far over the limit is not read into memory at all.
  const size = statSync(path).size;
  if (size > DEFAULT_PACK_LIMITS.maxPackBytes) fail(`${file}: ${packTooBig(size, DEFAULT_PACK_LIMITS.maxPackBytes)}`);
  const read = readLessonPack(readFileSync(path));
  if (!read.ok) fail(`${file}: ${read.error}`);
  const dir = resolve(cwd, out ?? '.');
  // Everything or nothing: a lesson folder already there is refused before a single file is written.
  const taken = read.pack.lessons.map((l) => join(dir, l.slug)).filter((folder) => existsSync(folder));
  if (taken.length) {
    fail(
      `not unpacked: ${taken.map((f) => relative(cwd, f) || '.').join(', ')} already there; unpack into another -o DIR`,
    );
  }
  for (const lesson of read.pack.lessons) {
    for (const [inside, text] of Object.entries(lesson.files)) {
      // readLessonPack allows only plain relative paths (no "..", no "/" first), so this stays in the lesson's folder.
      const target = join(dir, lesson.slug, ...inside.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
  const shown = (slug: string) => relative(cwd, join(dir, slug)) || '.';
  const count = read.pack.lessons.length;
  const title = read.pack.title !== undefined ? ` ("${read.pack.title}")` : '';
  console.log(`unpacked ${count} lesson${count === 1 ? '' : 's'}${title} from ${file}:`);
  for (const lesson of read.pack.lessons) console.log(`  ${shown(lesson.slug)}/`);
  // The pack's own lessons may have mistakes (it opens regardless): say so, in the unpacked folders' paths.
  const errors = read.results.flatMap((r) => (r.ok ? [] : r.errors));
  for (const error of errors) {
    const inside = error.file.replace(/^lessons\/[^/]+\//, '');
    const slug = error.file.split('/')[1] ?? '';
    console.log(formatLessonError({ ...error, file: `${shown(slug)}/${inside}` }));
  }
  if (read.outsidePrerequisites.length) {
    console.log(`these lessons build on lessons the pack does not carry: ${read.outsidePrerequisites.join(', ')}`);
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function usageError(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}
