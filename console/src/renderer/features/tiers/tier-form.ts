import type { Schemas } from '@loyalty/sdk';
import type { createTierBodySchema, updateTierBodySchema } from '@loyalty/shared';
import type { z } from 'zod';

// The tier form edits the API's create body; perks are typed one a line. A patch names only
// what changed, and clears a removed description or perk list with null.

export type Tier = Schemas['Tier'];
export type TierFormValues = z.input<typeof createTierBodySchema>;
type TierBody = z.output<typeof createTierBodySchema>;
type TierPatch = z.input<typeof updateTierBodySchema>;

export const NEW_TIER: TierFormValues = { name: '', threshold: 0, benefits: { multiplier: 1 } };

export function tierFormValuesOf(tier: Tier): TierFormValues {
  return { name: tier.name, threshold: tier.threshold, benefits: { ...tier.benefits } };
}

export function perksFromText(text: string): string[] | undefined {
  const perks = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return perks.length > 0 ? perks : undefined;
}

export function textOfPerks(perks: readonly string[] | undefined): string {
  return (perks ?? []).join('\n');
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function tierPatchOf(original: Tier, edited: TierBody): TierPatch {
  const patch: TierPatch = {};
  if (edited.name !== original.name) patch.name = edited.name;
  if (edited.threshold !== original.threshold) patch.threshold = edited.threshold;
  const benefits: NonNullable<TierPatch['benefits']> = {};
  const before = original.benefits;
  const after = edited.benefits;
  if (after.multiplier !== before.multiplier) benefits.multiplier = after.multiplier;
  if (!same(after.description, before.description)) benefits.description = after.description ?? null;
  if (!same(after.perks, before.perks)) benefits.perks = after.perks ?? null;
  if (Object.keys(benefits).length > 0) patch.benefits = benefits;
  return patch;
}
