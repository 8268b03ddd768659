import { describe, expect, it } from 'vitest';
import { cachedFormatterCount, formattersFor } from './formatters.ts';

describe('formattersFor', () => {
  it('formats points, signed movements and dates in the locale and time zone given', () => {
    const f = formattersFor('en-US', 'America/New_York');
    expect(f.points(1234567)).toBe('1,234,567');
    expect(f.signedPoints(250)).toBe('+250');
    expect(f.signedPoints(-250)).toBe('-250');
    expect(f.date('2026-01-01T03:00:00Z', 'date')).toBe('Dec 31, 2025');
  });

  it('builds each formatter once per locale and zone', () => {
    formattersFor('fr-FR', 'Europe/Paris');
    const after = cachedFormatterCount();
    formattersFor('fr-FR', 'Europe/Paris').points(1);
    expect(cachedFormatterCount()).toBe(after);
    formattersFor('fr-FR', 'Asia/Tokyo');
    expect(cachedFormatterCount()).toBe(after + 2);
  });
});
