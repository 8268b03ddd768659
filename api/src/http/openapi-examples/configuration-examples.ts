import {
  campaignSchema,
  createCampaignBodySchema,
  createMemberBodySchema,
  createProgramBodySchema,
  createRewardBodySchema,
  createRuleBodySchema,
  createSegmentBodySchema,
  createTierBodySchema,
  memberSchema,
  pointsRuleSchema,
  programSchema,
  rewardSchema,
  segmentSchema,
  tierSchema,
} from '@loyalty/shared';
import { requestExample, responseExample, type OperationExamples } from '../openapi-examples.ts';
import { CAMPAIGN_ID, MEMBER_ID, PROGRAM_ID, REWARD_ID, RULE_ID, SEGMENT_ID, TIER_ID } from './example-ids.ts';

// The program the shop sets up, and Léa, its first member.

const settings = {
  pointsExpiryDays: 365,
  maxHoldDays: 30,
  tierBasis: 'lifetime_earned' as const,
  maxPointsPerTransaction: 5000,
  analyticsAttributes: ['favouriteDrink', 'homeStore'],
};
/** The program's main rule; purchase-examples.ts earns under it. */
export const RULE = {
  name: '1 point per euro, coffee double',
  kind: { type: 'dynamic' as const, pointsPerUnit: 1, categoryMultipliers: { coffee: 2 }, rounding: 'floor' as const },
  maxPoints: 500,
};
const tier = {
  name: 'Gold',
  threshold: 1500,
  benefits: {
    multiplier: 1.5,
    description: 'For our most loyal regulars',
    perks: ['Free oat milk', 'Birthday pastry'],
  },
};
const coupon = {
  type: 'coupon' as const,
  name: 'Free coffee',
  description: 'Any hot drink, any size',
  pointsCost: 150,
  details: { codePrefix: 'COFFEE-', codeLength: 8, discount: { kind: 'percentage' as const, percent: 100 } },
};
const regulars = {
  name: 'Coffee regulars',
  description: 'Five purchases or more, the last one within a month',
  kind: 'dynamic' as const,
  condition: {
    all: [
      { field: 'member.transaction_count', op: 'gte' as const, value: 5 },
      { field: 'member.last_activity_at', op: 'within_days' as const, value: 30 },
      { field: 'member.attributes.favouriteDrink', op: 'exists' as const },
    ],
  },
};
const campaign = {
  name: 'Double points in March',
  description: 'Double points on every purchase for the spring menu',
  bonus: { type: 'multiplier' as const, multiplier: 2 },
  maxParticipationsPerMember: 10,
  budgetPoints: 50_000,
};

export const configurationExamples: OperationExamples = {
  createProgram: {
    request: requestExample(createProgramBodySchema, {
      name: 'Bean There Rewards',
      currency: 'EUR',
      timezone: 'Europe/Paris',
      settings,
    }),
    response: {
      status: 201,
      json: responseExample(programSchema, {
        id: PROGRAM_ID,
        name: 'Bean There Rewards',
        currency: 'EUR',
        timezone: 'Europe/Paris',
        settings,
        createdAt: '2026-09-01T09:10:00.000Z',
        updatedAt: '2026-09-01T09:10:00.000Z',
      }),
    },
  },

  createMember: {
    request: requestExample(createMemberBodySchema, {
      externalId: 'cust-1042',
      email: 'lea.dubois@example.com',
      phone: '+33612345678',
      name: 'Léa Dubois',
      birthday: '1991-04-17',
      attributes: { favouriteDrink: 'flat white', homeStore: 'paris-11', marketingOptIn: true },
    }),
    response: {
      status: 201,
      json: responseExample(memberSchema, {
        id: MEMBER_ID,
        programId: PROGRAM_ID,
        externalId: 'cust-1042',
        email: 'lea.dubois@example.com',
        phone: '+33612345678',
        name: 'Léa Dubois',
        birthday: '1991-04-17',
        attributes: { favouriteDrink: 'flat white', homeStore: 'paris-11', marketingOptIn: true },
        balance: { available: 0, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 },
        createdAt: '2026-10-15T10:00:00.000Z',
        updatedAt: '2026-10-15T10:00:00.000Z',
      }),
    },
  },

  createRule: {
    request: requestExample(createRuleBodySchema, RULE),
    response: {
      status: 201,
      json: responseExample(pointsRuleSchema, {
        id: RULE_ID,
        programId: PROGRAM_ID,
        ...RULE,
        priority: 100,
        active: true,
        stacking: 'stack',
        createdAt: '2026-09-02T14:00:00.000Z',
        updatedAt: '2026-09-02T14:00:00.000Z',
      }),
    },
  },

  createTier: {
    request: requestExample(createTierBodySchema, tier),
    response: {
      status: 201,
      json: responseExample(tierSchema, {
        id: TIER_ID,
        programId: PROGRAM_ID,
        ...tier,
        createdAt: '2026-09-02T14:05:00.000Z',
        updatedAt: '2026-09-02T14:05:00.000Z',
      }),
    },
  },

  createReward: {
    request: requestExample(createRewardBodySchema, coupon),
    response: {
      status: 201,
      json: responseExample(rewardSchema, {
        id: REWARD_ID,
        programId: PROGRAM_ID,
        ...coupon,
        stock: null,
        validFrom: null,
        validUntil: null,
        perMemberLimit: null,
        condition: null,
        tierIds: [],
        campaignId: null,
        active: true,
        createdAt: '2026-09-02T14:10:00.000Z',
        updatedAt: '2026-09-02T14:10:00.000Z',
      }),
    },
  },

  createSegment: {
    request: requestExample(createSegmentBodySchema, regulars),
    response: {
      status: 201,
      json: responseExample(segmentSchema, {
        id: SEGMENT_ID,
        programId: PROGRAM_ID,
        ...regulars,
        memberCount: 0,
        includedCount: 0,
        excludedCount: 0,
        evaluatedAt: null,
        createdAt: '2026-09-02T14:20:00.000Z',
        updatedAt: '2026-09-02T14:20:00.000Z',
      }),
    },
  },

  createCampaign: {
    request: requestExample(createCampaignBodySchema, { ...campaign, startsAt: '2027-03-01', endsAt: '2027-04-01' }),
    response: {
      status: 201,
      json: responseExample(campaignSchema, {
        id: CAMPAIGN_ID,
        programId: PROGRAM_ID,
        ...campaign,
        status: 'draft',
        startsAt: '2027-02-28T23:00:00.000Z',
        endsAt: '2027-03-31T22:00:00.000Z',
        local: { timeZone: 'Europe/Paris', startsAt: '2027-03-01T00:00:00', endsAt: '2027-04-01T00:00:00' },
        condition: null,
        segmentIds: [],
        bonusAwarded: 0,
        budgetRemaining: 50_000,
        participants: 0,
        createdAt: '2026-12-01T11:00:00.000Z',
        updatedAt: '2026-12-01T11:00:00.000Z',
      }),
    },
  },
};
