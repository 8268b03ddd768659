import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `npm test` runs the tests on the Node the install step put first on PATH (stack/bin/node.sh):
// the machine's own when it meets `engines`, Node 24 from PyPI otherwise. A run on an older
// Node means a script bypassed it.
describe('node version', () => {
  const engines = (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      engines: { node: string };
    }
  ).engines.node;

  it(`runs on a Node that meets engines (${process.versions.node} for ${engines})`, () => {
    const min = /^>=(\d+)\.(\d+)$/.exec(engines);
    expect(min, `engines.node is a plain lower bound: ${engines}`).not.toBeNull();
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    const [minMajor, minMinor] = [Number(min![1]), Number(min![2])];
    expect(major > minMajor || (major === minMajor && minor >= minMinor), `Node ${process.versions.node}`).toBe(true);
  });
});
