// What the demo history generator reports while it writes: a line at every tenth of the period,
// so `npm start` shows it moving without flooding the terminal.

export interface DemoHistoryTotals {
  purchases: number;
  redemptions: number;
  refunds: number;
}

/** True for the day (1-based) that completes a tenth of `days` (every day when there are fewer than ten). */
export function isProgressDay(day: number, days: number, steps = 10): boolean {
  return Math.floor((day * steps) / days) > Math.floor(((day - 1) * steps) / days);
}

/** `1 refund`, `2,001 refunds`. */
export function counted(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

export function progressLine(p: { day: number; days: number; totals: DemoHistoryTotals; elapsedMs: number }): string {
  const percent = Math.floor((p.day * 100) / p.days);
  const { purchases, redemptions, refunds } = p.totals;
  return (
    `demo history: ${percent}% (day ${p.day} of ${p.days}), ${counted(purchases, 'purchase')}, ` +
    `${counted(redemptions, 'redemption')}, ${counted(refunds, 'refund')}, ${Math.round(p.elapsedMs / 1000)} s`
  );
}
