import { calculatePoints, type CalculationInput } from '../calculate.ts';
import { compileRules } from '../compile-rules.ts';
import { campaigns, int, pick, purchase, random, rules, SEGMENTS, tiers } from './bench-program.ts';

// The pure engine's speed: a program with 50 rules (every kind, conditions, schedules), 5 tiers
// and 10 live campaigns; rules compiled once, then calculatePoints over varied purchases.
// Run: node shared/src/rules/bench/engine-pure.bench.ts [seconds]

const SECONDS = Number(process.argv[2] ?? 3);
const TARGET_PER_SECOND = 50_000;

const compiled = compileRules(rules);
const inputs: CalculationInput[] = Array.from({ length: 2_000 }, () => ({
  purchase: purchase(),
  timezone: 'Europe/Paris',
  currency: 'EUR',
  member: {
    tier: pick(tiers).name,
    segments: new Set([pick(SEGMENTS), pick(SEGMENTS)]),
    balance: int(0, 10_000),
    lifetimeEarned: int(0, 50_000),
  },
  tier: random() < 0.2 ? null : pick(tiers),
  campaigns,
  participations: new Map([['campaign-0', int(0, 4)]]),
  maxPointsPerTransaction: random() < 0.5 ? 5_000 : null,
  now: new Date('2026-06-01T00:00:00Z'),
}));

// Warm up (JIT, time-zone spans), then measure throughput, then per-call latency.
let sink = 0;
for (let i = 0; i < 20_000; i++) sink += calculatePoints(compiled, inputs[i % inputs.length]!).points;

let count = 0;
const start = performance.now();
const end = start + SECONDS * 1_000;
while (performance.now() < end) {
  for (let i = 0; i < 1_000; i++) sink += calculatePoints(compiled, inputs[(count + i) % inputs.length]!).points;
  count += 1_000;
}
const perSecond = count / ((performance.now() - start) / 1_000);

const samples = new Float64Array(100_000);
for (let i = 0; i < samples.length; i++) {
  const input = inputs[i % inputs.length]!;
  const t0 = performance.now();
  sink += calculatePoints(compiled, input).points;
  samples[i] = (performance.now() - t0) * 1_000;
}
samples.sort();
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;

console.log(
  `points engine (pure): 50 rules, ${tiers.length} tiers, ${campaigns.length} campaigns, ${inputs.length} distinct purchases`,
);
console.log(
  `  throughput  ${Math.round(perSecond).toLocaleString('en-US')} calculations/s over ${SECONDS}s (target ${TARGET_PER_SECOND.toLocaleString('en-US')})`,
);
console.log(
  `  latency     p50 ${pct(0.5).toFixed(1)} µs   p99 ${pct(0.99).toFixed(1)} µs   max ${samples[samples.length - 1]!.toFixed(1)} µs`,
);
console.log(`  (checksum ${sink})`);
console.log(`  target      ${perSecond >= TARGET_PER_SECOND ? 'met' : 'MISSED'}`);
