import { z } from 'zod';
import { segmentConditionSchema } from '../conditions/condition-schema.ts';
import { cursorQuerySchema, idSchema, textSchema, timestampSchema } from './common.ts';

// Segments: static (a curated list), dynamic (a condition over member fields, evaluated by the
// analytics side and materialized back as 'rule' membership rows) and hybrid (a condition plus
// curated includes and excludes). A member is in a segment when it is included or matched by the
// rule, and not excluded.

export const SEGMENT_KINDS = ['static', 'dynamic', 'hybrid'] as const;
export const segmentKindSchema = z.enum(SEGMENT_KINDS);
export type SegmentKind = z.infer<typeof segmentKindSchema>;

/** The most member ids one membership call takes: one statement, bounded work. */
export const MAX_SEGMENT_MEMBER_IDS = 10_000;

const description = textSchema(2000).nullable();

const segmentFields = { name: textSchema(200), description: description.optional() };

/** The kind is fixed once created: a static segment is a curated list, the others need a condition. */
export const createSegmentBodySchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      ...segmentFields,
      kind: z.literal('static').describe('a curated list of members'),
      condition: z.never({ error: 'a static segment is a curated list: it has no condition' }).optional(),
    }),
    z.strictObject({
      ...segmentFields,
      kind: z.enum(['dynamic', 'hybrid']).describe('members selected by the condition (and, hybrid, curated lists)'),
      condition: segmentConditionSchema.describe(
        "member fields only; the segments it names must be of the program (404 otherwise) and its attribute keys in the program's settings.analyticsAttributes (409 otherwise)",
      ),
    }),
  ],
  { error: 'kind must be static, dynamic or hybrid' },
);

export const updateSegmentBodySchema = z.strictObject({
  name: textSchema(200).optional(),
  description: description.optional().describe('null clears it'),
  kind: segmentKindSchema.optional().describe('may only repeat the current kind: a kind is fixed once created (409)'),
  condition: segmentConditionSchema
    .optional()
    .describe(
      'dynamic and hybrid segments only (409 on a static one); takes effect at the next evaluation; as at creation, named segments must exist (404) and attribute keys be declared (409)',
    ),
});

export const segmentSchema = z
  .object({
    id: idSchema,
    programId: idSchema,
    name: z.string(),
    description: z.string().nullable(),
    kind: segmentKindSchema,
    // Responses are encoded, and the condition schema's validation step only decodes.
    condition: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('the segment Condition, as given; null for static segments'),
    memberCount: z.int().describe('members in the segment now: included or matched by the rule, and not excluded'),
    includedCount: z.int().describe('members on the curated include list'),
    excludedCount: z.int().describe('members on the exclude list (hybrid segments)'),
    evaluatedAt: timestampSchema
      .nullable()
      .describe("when the analytics side last materialized the condition's members; null until then"),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Segment' });
export type SegmentView = z.infer<typeof segmentSchema>;

export const segmentMemberIdsBodySchema = z.strictObject({
  memberIds: z
    .array(idSchema)
    .min(1, 'name at least one member')
    .max(MAX_SEGMENT_MEMBER_IDS, `at most ${MAX_SEGMENT_MEMBER_IDS} member ids per call`)
    .describe('repeated ids count once'),
});

export const segmentMembersAddedSchema = z
  .object({
    added: z.int().describe('newly on the list'),
    alreadyPresent: z.int().describe('already on the list: unchanged'),
    notFound: z
      .int()
      .describe("no such member in the segment's program (deleted, another program, or unknown): not written"),
  })
  .meta({ id: 'SegmentMembersAdded' });

export const segmentMembersRemovedSchema = z
  .object({
    removed: z.int().describe('taken off the list'),
    notPresent: z.int().describe('members of the program that were not on the list'),
    notFound: z.int().describe("no such member in the segment's program"),
  })
  .meta({ id: 'SegmentMembersRemoved' });

export const SEGMENT_MEMBER_SOURCES = ['include', 'exclude', 'rule'] as const;

export const segmentMemberSchema = z
  .object({
    memberId: idSchema,
    externalId: z.string(),
    sources: z
      .array(z.enum(SEGMENT_MEMBER_SOURCES))
      .describe('why the member is listed: curated include, matched by the rule, or both'),
    addedAt: timestampSchema.describe('when the member first got a row in this segment'),
  })
  .meta({ id: 'SegmentMember' });

export const segmentMembersQuerySchema = cursorQuerySchema;

export const memberSegmentSchema = z
  .object({ id: idSchema, name: z.string(), kind: segmentKindSchema })
  .meta({ id: 'MemberSegment' });

export const segmentListQuerySchema = cursorQuerySchema.extend({
  kind: segmentKindSchema.optional(),
});
