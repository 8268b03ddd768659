import type { EvaluationContext, MemberFacts, TransactionFacts } from '../conditions/evaluate.ts';
import type { ConditionScope } from './compile-rules.ts';
import type { Purchase } from './purchase-schema.ts';

// A purchase seen line by line: conditions on transaction.category / transaction.sku are
// evaluated per line, each line with its own category and sku (the purchase's when the line
// has none) and the rest of the transaction facts shared. Built once per calculation and read
// by every rule and campaign.

export interface PreparedLine {
  readonly amount: number;
  readonly category: string | null;
  readonly context: EvaluationContext;
}

export interface PreparedPurchase {
  readonly total: number;
  readonly lines: readonly PreparedLine[];
  /** The purchase as a whole (its own category and sku), for conditions that read no line fact. */
  readonly whole: EvaluationContext;
  /** The purchase came with lines (whose facts may differ from the purchase's). */
  readonly hasLines: boolean;
  /** Some line carries metadata, so conditions on transaction.metadata are per line too. */
  readonly lineMetadata: boolean;
}

/** Only the facts a condition may read are set; `amount` is the whole purchase's. */
type Facts = Required<
  Pick<TransactionFacts, 'amount' | 'currency' | 'category' | 'sku' | 'channel' | 'store' | 'metadata'>
>;

export function preparePurchase(purchase: Purchase, member: MemberFacts, nowMs: number): PreparedPurchase {
  const base: Facts = {
    amount: purchase.amount,
    currency: purchase.currency,
    category: purchase.category ?? null,
    sku: purchase.sku ?? null,
    channel: purchase.channel ?? null,
    store: purchase.store ?? null,
    metadata: purchase.metadata ?? null,
  };
  const whole: EvaluationContext = { transaction: base, member, now: nowMs };
  if (!purchase.lines) {
    return {
      total: purchase.amount,
      lines: [{ amount: purchase.amount, category: base.category, context: whole }],
      whole,
      hasLines: false,
      lineMetadata: false,
    };
  }
  let lineMetadata = false;
  const lines = purchase.lines.map((line): PreparedLine => {
    const category = line.category ?? base.category;
    if (line.metadata) lineMetadata = true;
    const metadata = line.metadata ? { ...base.metadata, ...line.metadata } : base.metadata;
    const transaction: Facts = { ...base, category, sku: line.sku ?? base.sku, metadata };
    return { amount: line.amount, category, context: { transaction, member, now: nowMs } };
  });
  return { total: purchase.amount, lines, whole, hasLines: true, lineMetadata };
}

/** Whether a condition has to be evaluated line by line for this purchase. */
export function isPerLine(scope: ConditionScope, purchase: PreparedPurchase): boolean {
  return purchase.hasLines && (scope.readsLineFields || (scope.readsMetadata && purchase.lineMetadata));
}
