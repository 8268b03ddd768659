// The ids the examples share, so that they read as one story: Bean There Coffee signs up, sets
// up its program, enrols Léa, and Léa earns, spends and gets points back. None is real.

export const TENANT_ID = 'b7e2c1a4-5d3f-4e8a-9c61-2f0d8e4a7b13';
export const OWNER_ID = '0f6a2d9e-3c41-4b7e-8a52-d19c6e3f4a08';
export const SESSION_ID = 'c24d8e1f-6a9b-4c3d-8e7f-1a2b3c4d5e6f';
export const API_KEY_ID = '5c8e1f27-9a3b-4d6c-b0e4-7f2a1d93c6e5';
export const PROGRAM_ID = '3a9d7c52-1e4b-4f86-a2c0-6b8e5d14f9a7';
export const MEMBER_ID = '8d41f6b2-7c3e-4a95-b1d8-2e6f09c7a354';
export const RULE_ID = 'e1c7b3a9-4d2f-4b8e-9a6c-5f0d3e2b1a48';
export const AFTERNOON_RULE_ID = 'f4a8d2c6-1b9e-4f3a-8c7d-6e5b4a3f2e19';
export const TIER_ID = '9b3e7f1d-5a2c-4e8b-b6d4-3c1a9f8e7d52';
export const REWARD_ID = '2f8c4a6e-9d1b-4c7f-a3e5-8b6d2f4a1c97';
export const REDEMPTION_ID = '7a1e5c9b-3f6d-4a2e-8b4c-9d7f1e3a5b26';
export const SEGMENT_ID = '4c6a2e8f-7b3d-4f1a-9e5c-2a8d6f4b3e71';
export const CAMPAIGN_ID = 'd3f7b1e5-8c2a-4d6f-a9b3-7e1c5a9d3f84';
/** The campaign running when Léa's order came in (the one createCampaign makes is for next spring). */
export const AUTUMN_CAMPAIGN_ID = '0e9c3a7f-4b1d-4f8e-b5a2-6c3e9f1a7d20';
export const ORDER_RECORD_ID = '1b5d9f3a-6e2c-4b8d-b7f1-4a8e2c6d9b35';
export const REFUND_ID = 'a6c2e8b4-2d7f-4e9a-8c1b-5f3d7a9e1c62';

/** Postings of Léa's ledger, in the order they happen. */
export const POSTING_IDS = {
  welcome: '6e2b9a14-8f3c-4d7e-a5b1-0c9d8e7f6a53',
  order: '3d9f1b7e-2a6c-4e8f-9b3d-7a1c5e9f2b84',
  redeem: 'b8e4a2c6-5f1d-4b9e-8a7c-3e6f2d1b9a07',
  adjust: '5f1c7e3a-9b4d-4a6f-b2e8-6d3a9c7f1e25',
  reverse: 'c9a5e1f7-3d8b-4c2a-9f6e-1b7d5a3c8e49',
  refund: '8a4f2d6b-1e7c-4f9d-a3b5-9e2c6f8a4d13',
  reward: 'e7b3d9f5-6a1c-4e2b-8d4f-2c9a7e5b3f61',
} as const;
