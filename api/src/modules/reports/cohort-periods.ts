// Retention cohorts are counted in UTC calendar periods (a week starts on Monday). A period that
// has not ended yet holds only the activity so far: the current month read next to full months
// looks like a collapse in retention. The answer marks such a period partial.

export type CohortGrain = 'week' | 'month';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant the period `offset` grains after the cohort's first day ends (exclusive), UTC. */
export function cohortPeriodEnd(cohort: string, offset: number, grain: CohortGrain): Date {
  const match = DAY.exec(cohort);
  if (!match) throw new Error(`cohort ${JSON.stringify(cohort)} is not a YYYY-MM-DD day`);
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  // Date.UTC carries overflowing months and days into the next year or month.
  return new Date(
    grain === 'month' ? Date.UTC(year, month + offset + 1, day) : Date.UTC(year, month, day + 7 * (offset + 1)),
  );
}

/** Whether that period is still running at `now`: its counts can only grow. */
export function isPartialPeriod(cohort: string, offset: number, grain: CohortGrain, now: Date): boolean {
  return now.getTime() < cohortPeriodEnd(cohort, offset, grain).getTime();
}
