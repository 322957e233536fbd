import { describe, expect, it } from 'vitest';
import { runLint, step } from '../testing/lesson-fixture.js';
import { fileChecks } from './file-checks.js';

const tail =
  "but nothing in this lesson creates it: it is not in files/, and no file= block, setup.sh or step's solution writes it";

describe('fileChecks', () => {
  it('reports a file check on a path nothing creates, at the path', () => {
    const checks = `
- id: page
  check: file.contains
  path: page.html
  text: hi
- id: manifest
  check: file.yaml-field
  path: ./web.yaml
  field: spec.replicas
  equals: 3
- id: there
  check: file.exists
  path: notes.txt`;
    expect(runLint(fileChecks, { body: step('Write it', checks, 'echo hi > index.html') })).toEqual([
      `lessons/demo/lesson.md:14:9 error: check "page" reads page.html, ${tail}`,
      `lessons/demo/lesson.md:18:9 error: check "manifest" reads web.yaml, ${tail}`,
      `lessons/demo/lesson.md:23:9 error: check "there" reads notes.txt, ${tail}`,
    ]);
  });

  it('reports a Dockerfile check with the default path, at the check', () => {
    const checks = `
- id: base
  check: file.dockerfile-instruction
  instruction: FROM`;
    expect(runLint(fileChecks, { body: step('Write it', checks) })).toEqual([
      `lessons/demo/lesson.md:12:3 error: check "base" reads Dockerfile (the default path), ${tail}`,
    ]);
  });

  it('accepts paths from files/, a file= block, setup.sh and a solution', () => {
    const checks = ['files.yaml', 'block.yaml', 'setup.txt', 'solved.txt', 'app/Dockerfile']
      .map((path, i) => `- id: c${i}\n  check: file.exists\n  path: ${path}`)
      .concat('- id: df\n  check: file.dockerfile-instruction\n  instruction: FROM')
      .join('\n');
    const block = ['```yaml file=block.yaml', 'a: 1', '```', ''].join('\n');
    const errors = runLint(fileChecks, {
      body: step('Write it', checks, 'echo hi >> solved.txt', block),
      files: { 'files.yaml': '', 'app/Dockerfile': '', Dockerfile: '' },
      setup: 'touch setup.txt',
    });
    expect(errors).toEqual([]);
  });
});
