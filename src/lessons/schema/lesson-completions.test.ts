import { describe, expect, it } from 'vitest';
import { lessonCompletions } from './lesson-completions.js';

/** Completions where `|` is in the text (the cursor), as labels. */
function at(textWithCursor: string): string[] {
  const offset = textWithCursor.indexOf('|');
  const before = textWithCursor.slice(0, offset).split('\n');
  const text = textWithCursor.replace('|', '');
  return lessonCompletions(text, before.length, before.at(-1)!.length + 1).map((c) => c.label);
}

describe('lessonCompletions', () => {
  it('offers the frontmatter fields not written yet, and the values of a field with fixed ones', () => {
    expect(at('---\ntitle: X\nlev|\n---\n')).toEqual([
      'summary',
      'level',
      'minutes',
      'prerequisites',
      'needsKubernetes',
    ]);
    expect(at('---\ntitle: X\nlevel: |\n---\n')).toEqual(['beginner', 'intermediate', 'advanced']);
    expect(at('---\nneedsKubernetes: |\n---\n')).toEqual(['true', 'false']);
    expect(at('---\ntitle: |\n---\n')).toEqual([]);
  });

  it('says what a field means, and types it with its colon', () => {
    const [minutes] = lessonCompletions('---\n\n---\n', 2, 1).filter((c) => c.label === 'minutes');
    expect(minutes).toEqual({
      label: 'minutes',
      insertText: 'minutes: ',
      detail: 'about how long the lesson takes, in minutes',
      kind: 'field',
    });
  });

  it('offers every check kind after check: in a check or requires block', () => {
    const kinds = at('---\n---\n## Step: A\n\n```check\n- id: a\n  check: |\n```\n');
    expect(kinds).toContain('kubernetes.ready-pods');
    expect(kinds).toContain('docker.container');
    expect(at('```requires\ncheck: kub|\n```\n')).toContain('kubernetes.exists');
  });

  it("offers a check kind's fields not written yet in that check, and their fixed values", () => {
    const block = '```check\n- id: a\n  check: docker.container\n  |\n- id: b\n  check: file.exists\n  path: x\n```\n';
    expect(at(block)).toEqual(['title', 'name', 'image', 'state']);
    expect(at('```check\n- id: a\n  check: docker.container\n  state: |\n```\n')).toEqual([
      'running',
      'exited',
      'created',
      'absent',
    ]);
    expect(at('```check\n- id: a\n  check: kubernetes.exists\n  kind: |\n```\n')).toContain('Deployment');
    // The second item is its own check: its fields, not the first one's.
    expect(at('```check\n- id: a\n  check: docker.container\n- id: b\n  check: file.exists\n  |\n```\n')).toEqual([
      'title',
      'path',
    ]);
  });

  it('offers check: first in a check that has no kind yet, and nothing in text or other code blocks', () => {
    expect(at('```check\n- id: a\n  |\n```\n')).toEqual(['check']);
    expect(at('---\n---\nSome |text\n')).toEqual([]);
    expect(at('```sh\ncheck: |\n```\n')).toEqual([]);
    expect(at('```check\nid: a\n```\n\ncheck: |\n')).toEqual([]);
  });
});
