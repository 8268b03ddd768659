// The points engine: rule definitions (zod), the purchase it reads, and the pure calculator
// (compile the rules once, then calculatePoints per purchase, with the clock as an argument).
export { ROUNDING_MODES, roundingModeSchema, type RoundingMode } from './exact-arithmetic.ts';
export { ruleScheduleSchema, ruleTimeWindowSchema, ruleDateRangeSchema, type RuleSchedule } from './schedule.ts';
export {
  MAX_PURCHASE_AMOUNT,
  STACKING_MODES,
  stackingSchema,
  fixedKindSchema,
  percentageKindSchema,
  dynamicKindSchema,
  ruleAmountBandSchema,
  ruleKindSchema,
  ruleFieldSchemas,
  ruleDefinitionSchema,
  type Stacking,
  type RuleKind,
  type RuleDefinition,
  type RuleDefinitionInput,
  type RuleDefinitionWithId,
} from './rule-schema.ts';
export {
  MAX_PURCHASE_LINES,
  PURCHASE_CLOCK_TOLERANCE_SECONDS,
  purchaseLineSchema,
  purchaseBaseSchema,
  purchaseSchema,
  checkPurchaseLines,
  type Purchase,
  type PurchaseLine,
} from './purchase-schema.ts';
export {
  SKIP_REASONS,
  CAP_REASONS,
  skipReasonSchema,
  breakdownLineSchema,
  skippedItemSchema,
  pointsBreakdownSchema,
  type SkipReason,
  type RuleLine,
  type TierLine,
  type CampaignLine,
  type CapLine,
  type BreakdownLine,
  type SkippedItem,
  type PointsBreakdown,
} from './breakdown-schema.ts';
export { compileRules, type CompiledRules, type CompiledRule } from './compile-rules.ts';
export { calculatePoints, type CalculationInput, type TierForCalculation } from './calculate.ts';
export type { CampaignForCalculation } from './campaign-bonus.ts';
export { campaignAwards } from './campaign-awards.ts';
export { currencyMinorDigits } from './currency-digits.ts';
