// Refunds take points back in proportion to the money returned. The target is computed on the
// cumulative refunded amount, not per refund, so a series of partial refunds never drifts by
// rounding: refunding an order in any number of pieces takes back exactly what one full refund would.

/** Points that should have been taken back once `refundedAfter` of `amount` is refunded. */
export function reversalTarget(points: number, amount: number, refundedAfter: number): number {
  if (amount <= 0 || points <= 0) return 0;
  if (refundedAfter >= amount) return points;
  // BigInt: points × amount can pass 2^53 (1e8 points on an order of 1e11 minor units).
  return Number((BigInt(points) * BigInt(refundedAfter)) / BigInt(amount));
}

/** Points this refund takes back: the cumulative target less what earlier refunds took. */
export function pointsToReverse(p: {
  points: number;
  amount: number;
  refundedBefore: number;
  refund: number;
  reversedBefore: number;
}): number {
  return Math.max(0, reversalTarget(p.points, p.amount, p.refundedBefore + p.refund) - p.reversedBefore);
}
