import { simulateTransactionBodySchema } from '@loyalty/shared';
import { describe, expect, it } from 'vitest';
import { localDateTimeOf, simulateBodyOf, type SimulationSample } from './simulation-sample.ts';

const sample: SimulationSample = {
  memberExternalId: ' cust-007 ',
  amount: 2500,
  currency: 'eur',
  occurredAt: '2025-03-14T09:30',
  category: 'coffee',
  channel: '',
  store: '  ',
  sku: '',
};

describe('the simulate pane sample', () => {
  it('becomes a simulate body the shared schema accepts, blanks left out', () => {
    const body = simulateBodyOf(sample);
    expect(body).toEqual({
      memberExternalId: 'cust-007',
      purchase: {
        amount: 2500,
        currency: 'EUR',
        occurredAt: new Date('2025-03-14T09:30').toISOString(),
        category: 'coffee',
      },
    });
    expect(simulateTransactionBodySchema.safeParse(body).success).toBe(true);
  });

  it('leaves bad input for the schema to name', () => {
    const body = simulateBodyOf({ ...sample, amount: undefined, occurredAt: 'soon' });
    const result = simulateTransactionBodySchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(new Set(result.error?.issues.map((i) => i.path.join('.')))).toEqual(
      new Set(['purchase.amount', 'purchase.occurredAt']),
    );
  });

  it('writes the local time as a datetime-local value', () => {
    const now = new Date('2025-03-14T09:30:45Z');
    expect(new Date(localDateTimeOf(now)).getTime()).toBe(new Date('2025-03-14T09:30:00Z').getTime());
  });
});
