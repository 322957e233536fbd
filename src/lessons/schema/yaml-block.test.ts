import { describe, expect, it } from 'vitest';
import { parseYamlBlock } from './yaml-block.js';

describe('parseYamlBlock', () => {
  it('gives the value and points a path at its line in the file', () => {
    const block = parseYamlBlock({ file: 'l/lesson.md', text: 'id: a\ncheck: docker.container\n', firstLine: 10 });
    expect(block.errors).toEqual([]);
    expect(block.value).toEqual({ id: 'a', check: 'docker.container' });
    expect(block.locate(['check'])).toEqual({ line: 11, column: 8 });
  });

  it('turns an alias bomb into an error at the block instead of throwing', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      laughs.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const block = parseYamlBlock({ file: 'l/lesson.md', text: laughs.join('\n'), firstLine: 3 });
    expect(block.value).toBeUndefined();
    expect(block.errors).toEqual([
      {
        file: 'l/lesson.md',
        line: 3,
        column: 1,
        message: expect.stringMatching(/^this YAML does not parse: .*alias/i),
      },
    ]);
  });
});
