import { describe, expect, it } from 'vitest';
import { runLint, step } from '../testing/lesson-fixture.js';
import { brokenLinks } from './broken-links.js';

const check = `
- id: web
  check: docker.container
  name: web`;

describe('brokenLinks', () => {
  it('reports a link or image to a file the lesson folder does not have, at the target', () => {
    const errors = runLint(brokenLinks, {
      body: `Look at [the picture](img/diagram.png).\n\n${step('Run it', check, 'docker run -d --name web nginx', '![a map](./map.svg "Map")')}`,
    });
    expect(errors).toEqual([
      'lessons/demo/lesson.md:8:23 error: link "img/diagram.png" points to lessons/demo/img/diagram.png, which this lesson does not have',
      'lessons/demo/lesson.md:12:10 error: link "./map.svg" points to lessons/demo/map.svg, which this lesson does not have',
    ]);
  });

  it('reports a link out of the lesson folder', () => {
    expect(runLint(brokenLinks, { body: `[next](../other/lesson.md)\n\n${step('Run it', check)}` })).toEqual([
      `lessons/demo/lesson.md:8:8 error: link "../other/lesson.md" leads out of the lesson's folder: a lesson ships the files it links to, in its own folder`,
    ]);
  });

  it('reports a reference definition to a missing file', () => {
    expect(runLint(brokenLinks, { body: `See [the notes][n].\n\n[n]: notes.md\n\n${step('Run it', check)}` })).toEqual([
      'lessons/demo/lesson.md:10:6 error: link "notes.md" points to lessons/demo/notes.md, which this lesson does not have',
    ]);
  });

  it('accepts web links, anchors, absolute paths, files the folder has and links inside code', () => {
    const body = [
      '[docs](https://kubernetes.io/docs/) [mail](mailto:a@b.c) [up](#run-it) [root](/about)',
      '[the file](files/web.yaml) [the folder](files) [with anchor](notes.md#part) [encoded](my%20notes.md)',
      '`[not a link](nowhere.md)`',
      '',
      '```md',
      '[in a code block](nowhere.md)',
      '```',
      '',
      step('Run it', check),
    ].join('\n');
    expect(
      runLint(brokenLinks, { body, files: { 'web.yaml': 'a: 1' }, extra: { 'notes.md': '', 'my notes.md': '' } }),
    ).toEqual([]);
  });
});
