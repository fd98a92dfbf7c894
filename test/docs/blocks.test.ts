import { describe, expect, it } from 'vitest';
import { docBlocks, matchShown } from './blocks.js';

describe('docBlocks', () => {
  it('takes sh blocks, the text blocks after each, and skip markers with their reason', () => {
    const md = [
      '# Title', // 1
      '```sh', // 2
      'parscore validate a.yaml', // 3
      '```', // 4
      'Prose.', // 5
      '```text', // 6
      'a.yaml: hợp lệ', // 7
      '```', // 8
      '```yaml', // 9
      'id: x', // 10
      '```', // 11
      '<!-- doc-test: skip (installs from the registry) -->', // 12
      '```sh', // 13
      'npm install -g parscore', // 14
      '```', // 15
    ].join('\n');
    expect(docBlocks(md, 'x.md')).toEqual([
      { file: 'x.md', line: 2, code: 'parscore validate a.yaml', shown: [{ line: 7, text: 'a.yaml: hợp lệ' }] },
      { file: 'x.md', line: 13, code: 'npm install -g parscore', skip: '(installs from the registry)', shown: [] },
    ]);
  });

  it('reads fenced blocks inside list items, without their indent', () => {
    const md = '1. Run:\n\n   ```sh\n   parscore criteria\n   ```\n';
    expect(docBlocks(md, 'x.md')[0]!.code).toBe('parscore criteria');
  });
});

describe('matchShown', () => {
  const output = 'one\ntwo: 1,5 (−0,5)\nthree\nfour\n';

  it('finds shown lines in order, with … for lines left out and for parts of a line', () => {
    expect(matchShown('one\n…\nfour', output)).toBeUndefined();
    expect(matchShown('two: … (−0,5)\nthree', output)).toBeUndefined();
    expect(matchShown('\none\n\nthree\n', output)).toBeUndefined();
  });

  it('reports the first shown line missing, out of order, or only part of a line', () => {
    expect(matchShown('one\nfive', output)).toBe('five');
    expect(matchShown('three\none', output)).toBe('one');
    // "thre" is a part of "three", not a line of the output.
    expect(matchShown('thre', output)).toBe('thre');
    // The parts of a line with … must start and end it, in order.
    expect(matchShown('(−0,5)…two', output)).toBe('(−0,5)…two');
  });
});
