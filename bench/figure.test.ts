import { describe, expect, it } from 'vitest';
import { ratioFigures, type Figure } from './figure.js';

describe('ratioFigures', () => {
  it('adds Chromium/Node for each operation measured in both, and only those', () => {
    const figures: Figure[] = [
      { name: 'warm docker run', value: 4, unit: 's', env: 'node', compare: 'warm docker run' },
      { name: "learner's warm docker run", value: 6, unit: 's', env: 'chromium', compare: 'warm docker run' },
      { name: 'first docker ps', value: 2, unit: 's', env: 'node', compare: 'first docker ps' },
      { name: 'keystroke echo', value: 30, unit: 'ms', env: 'chromium' },
    ];
    expect(ratioFigures(figures)).toEqual([
      { name: 'Chromium/Node: warm docker run', value: 1.5, unit: 'ratio', target: 1.3, env: 'chromium' },
    ]);
  });
});
