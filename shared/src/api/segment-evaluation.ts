import { z } from 'zod';
import { idSchema, timestampSchema } from './common.ts';

// Dynamic and hybrid segments are evaluated in ClickHouse over member features; the result is
// materialized into Postgres (for the earn-time lookup) as a diff.

export const segmentEvaluationSchema = z
  .object({
    segmentId: idSchema,
    evaluatedAt: timestampSchema,
    matched: z.int().describe("members the segment's condition selects now"),
    added: z.int().describe('members that joined through the condition since the last evaluation'),
    removed: z.int().describe('members that no longer match the condition'),
    members: z.int().describe('members in the segment now (condition and includes, less excludes)'),
    durationMs: z.int(),
  })
  .meta({ id: 'SegmentEvaluation' });
export type SegmentEvaluation = z.infer<typeof segmentEvaluationSchema>;

export const programSegmentEvaluationSchema = z
  .object({ data: z.array(segmentEvaluationSchema) })
  .meta({ id: 'ProgramSegmentEvaluation' });

/**
 * The data of the `segment_updated` event a scheduled refresh writes when an evaluation changed a
 * segment's membership (`change` evaluated). Its other `segment_updated` events (a definition
 * changed, list members added or removed) carry their own data.
 */
export const segmentEvaluationEventDataSchema = z.strictObject({
  segmentId: idSchema,
  change: z.literal('evaluated'),
  evaluatedAt: timestampSchema,
  matched: z.int().describe("members the segment's condition selects now"),
  added: z.int().describe('members that joined through the condition'),
  removed: z.int().describe('members that no longer match the condition'),
  members: z.int().describe('members in the segment now (condition and includes, less excludes)'),
});
export type SegmentEvaluationEventData = z.infer<typeof segmentEvaluationEventDataSchema>;
