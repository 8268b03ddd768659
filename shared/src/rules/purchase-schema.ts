import { z } from 'zod';
import {
  boundedJsonSchema,
  mustNotBeInTheFuture,
  textSchema,
  timestampSchema,
  withNote,
  withRule,
} from '../api/common.ts';
import { currencySchema } from '../api/programs.ts';
import { MAX_PURCHASE_AMOUNT } from './rule-schema.ts';

// A purchase as the engine (and the transaction endpoint) sees it. Amounts are integers in
// minor units. With lines, the line amounts (line totals) add up to `amount`; without, the
// purchase is one line carrying the top-level category and sku.

export const MAX_PURCHASE_LINES = 500;
/** A purchase may be stamped this far ahead of our clock (the shop's clock may run fast). */
export const PURCHASE_CLOCK_TOLERANCE_SECONDS = 300;

const minorAmount = z
  .int({ error: 'must be a whole number of minor units (cents)' })
  .min(0, 'must not be negative')
  .max(MAX_PURCHASE_AMOUNT);

export const purchaseLineSchema = z.strictObject({
  sku: textSchema(200).optional(),
  category: textSchema(200).optional().describe('the purchase’s category applies when absent'),
  quantity: z.int({ error: 'must be a whole number' }).min(1, 'must be at least 1').max(1_000_000),
  amount: minorAmount.describe('line total in minor units'),
  metadata: boundedJsonSchema(2_048)
    .optional()
    .describe('its keys override the purchase’s metadata for conditions on this line'),
});
export type PurchaseLine = z.output<typeof purchaseLineSchema>;

/** The purchase fields without the cross-field check, for contracts that extend them. */
export const purchaseBaseSchema = z.strictObject({
  amount: withRule(
    minorAmount.describe('total in minor units'),
    'x-sum-of',
    { items: 'lines', field: 'amount' },
    'with lines, the sum of their amounts',
  ),
  currency: currencySchema,
  occurredAt: mustNotBeInTheFuture(
    withNote(timestampSchema, 'when the purchase happened; time-based rules read it on the program’s clock'),
    PURCHASE_CLOCK_TOLERANCE_SECONDS,
  ),
  channel: textSchema(100).optional(),
  store: textSchema(200).optional(),
  category: textSchema(200).optional(),
  sku: textSchema(200).optional(),
  metadata: boundedJsonSchema(16_384).optional(),
  lines: z
    .array(purchaseLineSchema)
    .min(1, 'must hold at least one line; omit it for a purchase without line detail')
    .max(MAX_PURCHASE_LINES)
    .optional(),
});

/** The line amounts must add up to the purchase amount; add it to schemas built on purchaseBaseSchema. */
export function checkPurchaseLines(
  p: { amount: number; lines?: readonly { amount: number }[] | undefined },
  ctx: z.RefinementCtx,
): void {
  if (!p.lines) return;
  let sum = 0;
  for (const line of p.lines) sum += line.amount;
  if (sum !== p.amount) {
    ctx.addIssue({
      code: 'custom',
      path: ['lines'],
      message: `line amounts add up to ${sum}, not the purchase amount ${p.amount}`,
    });
  }
}

export const purchaseSchema = purchaseBaseSchema.superRefine(checkPurchaseLines).meta({ id: 'Purchase' });
export type Purchase = z.output<typeof purchaseSchema>;
