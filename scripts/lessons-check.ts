#!/usr/bin/env tsx
// `npm run lessons:check [-- path...]`: check lessons as a compiler would, one `file:line:column error: ...` line per
// mistake, then a summary; exit 1 on any error. A path is a lessons folder (default lessons/) or one lesson's folder.
// `npm run lessons:check -- --schema FILE` writes the lesson format's JSON Schema for editors instead.
// The logic is src/lessons/lint/ (docs/authoring.md, "Checking a lesson"); this file only reads and writes files.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatLessonError } from '../src/lessons/lesson-error.js';
import { readLessonFolder } from '../src/lessons/lesson-folder.node.js';
import { checkLessons, checkSummary } from '../src/lessons/lint/check-lessons.js';
import { lessonJsonSchema } from '../src/lessons/schema/json-schema.js';

const usage = 'usage: npm run lessons:check [-- <lessons folder or lesson folder>...] [-- --schema FILE]';
// npm runs scripts from the package's root; paths on the command line are the caller's.
const cwd = process.env['INIT_CWD'] ?? process.cwd();
const args = process.argv.slice(2);

const schemaAt = args.indexOf('--schema');
if (schemaAt >= 0) {
  const out = args[schemaAt + 1];
  if (!out) fail(usage);
  writeFileSync(resolve(cwd, out), `${JSON.stringify(lessonJsonSchema(), null, 2)}\n`);
  console.log(`wrote the lesson format's JSON Schema to ${out}`);
  process.exit(0);
}
const unknown = args.find((a) => a.startsWith('-'));
if (unknown) fail(`unknown option ${unknown}\n${usage}`);

let errors = 0;
const checks = [];
// Without a path: the repository's lessons/, wherever it is run from.
for (const arg of args.length ? args : [fileURLToPath(new URL('../lessons', import.meta.url))]) {
  const folder = resolve(cwd, arg);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) fail(`${arg}: no such folder\n${usage}`);
  // One lesson's folder: read its siblings too, so its prerequisites resolve; report only on it.
  const one = existsSync(resolve(folder, 'lesson.md'));
  const files = await readLessonFolder(one ? dirname(folder) : folder, cwd);
  const result = checkLessons(files, one ? [relative(cwd, folder).split('\\').join('/')] : undefined);
  if (result.length === 0) fail(`${arg}: no lesson here (a lesson is a folder with a lesson.md)`);
  checks.push(...result);
}
for (const check of checks) {
  for (const error of check.errors) console.log(formatLessonError(error));
  errors += check.errors.length;
}
console.log(checkSummary(checks));
process.exit(errors ? 1 : 0);

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
