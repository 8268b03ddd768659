import { describe, expect, it } from 'vitest';
import { isProgressDay, progressLine } from './demo-history-progress.ts';

const progressDays = (days: number) =>
  Array.from({ length: days }, (_, i) => i + 1).filter((d) => isProgressDay(d, days));

describe('demo history progress', () => {
  it('reports at every tenth of the period, the last day included', () => {
    expect(progressDays(180)).toEqual([18, 36, 54, 72, 90, 108, 126, 144, 162, 180]);
    expect(progressDays(45)).toEqual([5, 9, 14, 18, 23, 27, 32, 36, 41, 45]);
  });

  it('reports every day of a period shorter than ten days, and never twice', () => {
    expect(progressDays(3)).toEqual([1, 2, 3]);
    expect(progressDays(1)).toEqual([1]);
    expect(new Set(progressDays(731)).size).toBe(10);
  });

  it('says how far it is, what it wrote and for how long', () => {
    expect(
      progressLine({
        day: 72,
        days: 180,
        totals: { purchases: 12_345, redemptions: 2_001, refunds: 230 },
        elapsedMs: 41_600,
      }),
    ).toBe('demo history: 40% (day 72 of 180), 12,345 purchases, 2,001 redemptions, 230 refunds, 42 s');
    expect(
      progressLine({ day: 1, days: 3, totals: { purchases: 1, redemptions: 0, refunds: 1 }, elapsedMs: 400 }),
    ).toBe('demo history: 33% (day 1 of 3), 1 purchase, 0 redemptions, 1 refund, 0 s');
  });
});
