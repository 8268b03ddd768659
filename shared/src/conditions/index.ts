// The condition language of the loyalty engine: one JSON shape, validated here, evaluated in
// process at earn time (evaluate.ts) and compiled to ClickHouse SQL for segments (to-clickhouse.ts).
// Names carry a Condition prefix: this barrel is re-exported by the whole of shared/.
export {
  CONDITION_LIMITS,
  CONDITION_OPERATORS,
  CONDITION_OPERATORS_BY_TYPE,
  CONDITION_FIELD_KEY_PATTERN,
  CONDITION_FIXED_FIELDS,
  CONDITION_FIXED_FIELD_NAMES,
  CONDITION_KEYED_FIELDS,
  CONDITION_FIELD_NAMES_FOR_HUMANS,
  resolveConditionField,
  type ConditionOperator,
  type ConditionFieldType,
  type ConditionFieldScope,
  type ConditionFieldSpec,
  type ConditionFixedFieldName,
  type ConditionKeyedFieldBase,
  type ResolvedConditionField,
} from './fields.ts';
export {
  conditionSchema,
  conditionShapeSchema,
  segmentConditionSchema,
  rewardConditionSchema,
  conditionFieldNameSchema,
  conditionOperatorSchema,
  conditionValueSchema,
  conditionPredicateSchema,
  parseCondition,
  formatConditionPath,
  type Condition,
  type AllCondition,
  type AnyCondition,
  type NotCondition,
  type ConditionPredicate,
  type ConditionFieldName,
  type ConditionValue,
  type ConditionIssueReport,
  type ParseConditionResult,
} from './condition-schema.ts';
export { conditionPredicates } from './condition-predicates.ts';
export { validateCondition, type ConditionIssue, type ConditionUsage } from './validate-condition.ts';
export {
  compileCondition,
  evaluateCondition,
  type CompiledCondition,
  type EvaluationContext,
  type TransactionFacts,
  type MemberFacts,
  type ConditionTimestamp,
} from './evaluate.ts';
export {
  toClickHouseSql,
  toClickHouseTimestamp,
  ConditionSqlError,
  MEMBER_FEATURE_COLUMNS,
  MEMBER_ATTRIBUTES_COLUMN,
  type MemberFeatureColumn,
  type ClickHouseSqlOptions,
  type ClickHouseSql,
} from './to-clickhouse.ts';
