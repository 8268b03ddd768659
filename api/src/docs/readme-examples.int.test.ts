import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBash } from '../testing/run-process.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { shellBlocks } from './markdown-code-blocks.ts';

// The README's shell examples, run as printed: every ```sh block that is not marked as skipped,
// in order, in one `bash -euo pipefail` (variables carry over from block to block, as for a
// reader pasting them into one terminal), against a real API listening on a free port. The
// README reads `API=${API:-http://127.0.0.1:3001}`, so this test points it at its own API
// without touching the text, and never depends on port 3001 being free. The environment holds
// nothing else the examples could lean on.

const README = path.resolve(import.meta.dirname, '../../../README.md');
const TOOLS = { curl: 'apt-get install curl', jq: 'apt-get install jq', date: 'GNU coreutils' };

let t: TestApp;
let api: string;
beforeAll(async () => {
  for (const [tool, install] of Object.entries(TOOLS)) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`the README's examples need ${tool} on PATH (${install})`);
    }
  }
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  api = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t?.close());

interface Breakdown {
  points: number;
  lines: { source: string; name: string; points: number }[];
  skipped: { source: string; name: string; reason: string }[];
}

/** The JSON values the examples printed, one per call that prints (jq reads the concatenation). */
function printedValues(stdout: string): unknown[] {
  return JSON.parse(execFileSync('jq', ['-cs', '.'], { input: stdout, encoding: 'utf8' }));
}

describe('README examples', () => {
  it('marks every block it does not run with a reason', () => {
    const blocks = shellBlocks(readFileSync(README, 'utf8'));
    // The two commands, and a second platform on other ports: each would start what this test runs in.
    expect(blocks.filter((b) => b.skip !== undefined).map((b) => b.code)).toEqual([
      expect.stringMatching(/^npm start/),
      expect.stringMatching(/^STACK_POSTGRES_PORT=.* npm start$/s),
    ]);
    expect(blocks.filter((b) => b.skip === undefined).length).toBeGreaterThanOrEqual(2);
  });

  it('runs every other shell block as printed, each call answering what its comment says', async () => {
    const blocks = shellBlocks(readFileSync(README, 'utf8')).filter((b) => b.skip === undefined);
    const script = blocks.map((b) => `# README.md line ${b.line}\n${b.code}`).join('\n');
    const run = await runBash(script, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', API: api } });
    expect({ code: run.code, stderr: run.stderr }, run.stdout).toEqual({ code: 0, stderr: '' });

    const printed = printedValues(run.stdout);
    expect(printed).toHaveLength(10);
    const [earn, cli, coffeeRule, afternoonRule, tier, reward, campaign, , recorded, refunded] = printed;
    const simulated = printed[7] as Breakdown;

    // The ledger API in five calls: 120 points on a fresh member; then 30 more through the CLI.
    expect(earn).toEqual({ points: 120, balance: expect.objectContaining({ available: 120, lifetimeEarned: 120 }) });
    expect(cli).toEqual({ points: 30, available: 150 });

    // The loyalty engine: the configuration calls answer what they created.
    expect(coffeeRule).toMatchObject({ id: expect.any(String), name: '1 point per euro, coffee double' });
    expect(afternoonRule).toMatchObject({ id: expect.any(String), name: 'Afternoon' });
    expect(tier).toMatchObject({ id: expect.any(String), name: 'Gold' });
    expect(reward).toMatchObject({ id: expect.any(String), name: 'Free coffee' });
    expect(campaign).toEqual({ name: 'Double points month', status: 'active' });

    // Coffee counts double: 7.60 x 2 + 4.90 = 20.1 points, rounded down. The afternoon rule
    // depends on when the test runs: either it gave 5 points or it was skipped for its schedule.
    const line = (name: string) => simulated.lines.find((l) => l.name === name);
    expect(line('1 point per euro, coffee double')).toMatchObject({ source: 'rule', points: 20 });
    const afternoon = line('Afternoon');
    if (afternoon) expect(afternoon).toMatchObject({ source: 'rule', points: 5 });
    else expect(simulated.skipped).toContainEqual(expect.objectContaining({ name: 'Afternoon', reason: 'schedule' }));
    const base = afternoon ? 25 : 20;
    // The campaign doubles the base; no tier yet (Gold starts at 1,500 points).
    expect(line('Double points month')).toMatchObject({ source: 'campaign', points: base });
    expect(simulated).toMatchObject({ basePoints: base, tierBonus: 0, campaignBonus: base, points: 2 * base });

    // Recorded, the purchase earns what the simulation said, on top of the 150 points earned before.
    expect(recorded).toEqual({ order: 'completed', points: 2 * base, balance: 150 + 2 * base });
    // Refunding EUR 4.90 of 12.50 takes back that share of the order's points, rounded down.
    const back = Math.floor((2 * base * 490) / 1250);
    expect(refunded).toEqual({ order: 'partially_refunded', pointsTakenBack: back, balance: 150 + 2 * base - back });
  });
});
