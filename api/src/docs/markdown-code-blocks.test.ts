import { describe, expect, it } from 'vitest';
import { codeBlocks, MarkdownExamplesError, shellBlocks, sqlBlocks } from './markdown-code-blocks.ts';

const md = (...lines: string[]) => lines.join('\n');

describe('shellBlocks', () => {
  it('collects sh, bash and shell blocks in order, with the line of their fence', () => {
    const blocks = shellBlocks(
      md('# Title', '```sh', 'echo one', '```', 'text', '```ts', 'const x = 1;', '```', '```bash', 'echo two', '```'),
    );
    expect(blocks).toEqual([
      { line: 2, code: 'echo one' },
      { line: 9, code: 'echo two' },
    ]);
  });

  it('keeps a block whole: blank lines, quotes and an inner fence of another length', () => {
    const [block] = shellBlocks(md('````sh', "X='{', '```'", '', 'echo "$X"', '````'));
    expect(block!.code).toBe(md("X='{', '```'", '', 'echo "$X"'));
  });

  it('strips the indentation of a block inside a list item', () => {
    const [block] = shellBlocks(md('- step', '  ```sh', '  echo a', '    echo b', '  ```'));
    expect(block!.code).toBe(md('echo a', '  echo b'));
  });

  it('marks a block that says, just above its fence, why it does not run', () => {
    const blocks = shellBlocks(
      md(
        '<!-- examples test: skip, starts the platform itself -->',
        '```sh',
        'npm start',
        '```',
        '```sh',
        'true',
        '```',
      ),
    );
    expect(blocks).toEqual([
      { line: 2, code: 'npm start', skip: 'starts the platform itself' },
      { line: 5, code: 'true' },
    ]);
  });

  it('does not collect console transcripts, and does not read shell syntax inside other blocks', () => {
    expect(shellBlocks(md('```console', '$ npm start', '```', '```md', '```sh', 'x', '```'))).toEqual([]);
  });

  it('refuses a block that is never closed, naming its line', () => {
    expect(() => shellBlocks(md('text', '```sh', 'echo'))).toThrow(MarkdownExamplesError);
    expect(() => shellBlocks(md('text', '```sh', 'echo'))).toThrow(/line 2/);
  });

  it('collects sql blocks apart from shell blocks, with the same skip markers', () => {
    const doc = md(
      '```sh',
      'echo a',
      '```',
      '<!-- examples test: skip, needs a real server -->',
      '```sql',
      'SELECT 1',
      '```',
      '```SQL',
      'SELECT 2',
      '```',
    );
    expect(sqlBlocks(doc)).toEqual([
      { line: 5, code: 'SELECT 1', skip: 'needs a real server' },
      { line: 8, code: 'SELECT 2' },
    ]);
    expect(shellBlocks(doc)).toEqual([{ line: 1, code: 'echo a' }]);
  });
});

describe('codeBlocks', () => {
  it('collects the blocks of the languages asked for, with their skip markers', () => {
    const blocks = codeBlocks(
      md(
        '```ts',
        'const a = 1;',
        '```',
        '```sh',
        'echo',
        '```',
        '<!-- examples test: skip, a sketch -->',
        '```TS',
        'b();',
        '```',
      ),
      new Set(['ts', 'typescript']),
    );
    expect(blocks).toEqual([
      { line: 1, code: 'const a = 1;' },
      { line: 8, code: 'b();', skip: 'a sketch' },
    ]);
  });
});
