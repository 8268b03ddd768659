// What the demo program sells and offers: its rules, tiers, rewards, segments and campaigns, as
// the API's request bodies (the history generator configures the program through the API).

export const DEMO_PRODUCTS = [
  { sku: 'ESPRESSO', category: 'coffee', price: 250 },
  { sku: 'FLAT-WHITE', category: 'coffee', price: 380 },
  { sku: 'CAPPUCCINO', category: 'coffee', price: 360 },
  { sku: 'GREEN-TEA', category: 'tea', price: 300 },
  { sku: 'CROISSANT', category: 'pastry', price: 180 },
  { sku: 'CINNAMON-ROLL', category: 'pastry', price: 320 },
  { sku: 'SANDWICH', category: 'food', price: 650 },
  { sku: 'BEANS-250G', category: 'beans', price: 1_400 },
  { sku: 'MUG', category: 'merchandise', price: 1_200 },
] as const;

export const DEMO_RULES = [
  { name: '1 point per euro', priority: 10, kind: { type: 'percentage', percent: 100, rounding: 'floor' } },
  {
    name: 'Coffee counts double',
    priority: 20,
    kind: { type: 'percentage', percent: 100, rounding: 'floor' },
    condition: { field: 'transaction.category', op: 'eq', value: 'coffee' },
  },
  {
    name: 'Afternoon pick-me-up',
    priority: 30,
    kind: { type: 'fixed', points: 5 },
    schedule: { daysOfWeek: [1, 2, 3, 4, 5], timeWindows: [{ start: '15:00', end: '17:00' }] },
  },
  {
    name: 'Beans bonus',
    priority: 40,
    kind: { type: 'fixed', points: 25 },
    condition: { field: 'transaction.category', op: 'eq', value: 'beans' },
    maxPoints: 25,
  },
] as const;

export const DEMO_TIERS = [
  { name: 'Bronze', threshold: 0, benefits: { multiplier: 1, description: 'Welcome to the club' } },
  {
    name: 'Silver',
    threshold: 500,
    benefits: { multiplier: 1.25, description: '25% more points on every order', perks: ['Free oat milk'] },
  },
  {
    name: 'Gold',
    threshold: 1_500,
    benefits: {
      multiplier: 1.5,
      description: '50% more points on every order',
      perks: ['Free oat milk', 'Barista class access'],
    },
  },
] as const;

export const DEMO_REWARDS = [
  { name: 'Free coffee', type: 'coupon', pointsCost: 150, details: { codePrefix: 'COFFEE', codeLength: 8 } },
  { name: 'Pastry of the day', type: 'coupon', pointsCost: 100, details: { codePrefix: 'PASTRY', codeLength: 8 } },
  { name: 'Coffee Club mug', type: 'physical', pointsCost: 800, stock: 150, details: {} },
  { name: 'EUR 10 gift card', type: 'digital', pointsCost: 1_000, details: { codePool: true } },
  { name: 'Barista class', type: 'experience', pointsCost: 2_000, stock: 20, details: {}, gold: true },
] as const;

export const DEMO_GIFT_CARD_CODES = 300;

export const DEMO_SEGMENTS = [
  { name: 'Big spenders', kind: 'dynamic', condition: { field: 'member.transaction_value', op: 'gte', value: 15_000 } },
  {
    name: 'Lapsed regulars',
    kind: 'dynamic',
    condition: {
      all: [
        { field: 'member.transaction_count', op: 'gte', value: 5 },
        { field: 'member.last_activity_at', op: 'older_than_days', value: 30 },
      ],
    },
  },
  { name: 'Espresso lovers', kind: 'static' },
] as const;
