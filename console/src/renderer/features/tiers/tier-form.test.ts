import { createTierBodySchema, updateTierBodySchema } from '@loyalty/shared';
import { describe, expect, it } from 'vitest';
import { NEW_TIER, perksFromText, textOfPerks, tierFormValuesOf, tierPatchOf, type Tier } from './tier-form.ts';

const gold: Tier = {
  id: '0190a0a0-0000-7000-8000-000000000001',
  programId: '0190a0a0-0000-7000-8000-000000000002',
  name: 'Gold',
  threshold: 1000,
  benefits: { multiplier: 1.5, description: 'Our best', perks: ['Free shipping'] },
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('tier form <-> API body', () => {
  it('a new tier is a valid create body once named', () => {
    expect(createTierBodySchema.parse({ ...NEW_TIER, name: 'Base' })).toEqual({
      name: 'Base',
      threshold: 0,
      benefits: { multiplier: 1 },
    });
  });

  it('reads perks one a line, blank lines ignored', () => {
    expect(perksFromText(' Free shipping \n\nEarly access\n')).toEqual(['Free shipping', 'Early access']);
    expect(perksFromText('  \n')).toBeUndefined();
    expect(textOfPerks(['a', 'b'])).toBe('a\nb');
  });

  it('patches what changed and clears removed benefits with null', () => {
    const edited = createTierBodySchema.parse({
      ...tierFormValuesOf(gold),
      threshold: 1500,
      benefits: { multiplier: 1.5, description: undefined, perks: undefined },
    });
    const patch = tierPatchOf(gold, edited);
    expect(patch).toEqual({ threshold: 1500, benefits: { description: null, perks: null } });
    expect(updateTierBodySchema.safeParse(patch).success).toBe(true);
    expect(tierPatchOf(gold, createTierBodySchema.parse(tierFormValuesOf(gold)))).toEqual({});
  });
});
