import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BODY_JSON_LIMITS, findUnsafeJson, formatJsonPath, unsafeTextReason } from './json-safety.ts';
import { boundedJsonSchema, hasRealUtcOffset, timestampSchema } from './common.ts';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('findUnsafeJson', () => {
  it('accepts ordinary JSON', () => {
    expect(findUnsafeJson({ points: 5, tags: ['a', 'é', '😀'], meta: { ok: true, n: null } }, BODY_JSON_LIMITS)).toBe(
      undefined,
    );
  });

  it('names the path of a NUL in a value or a key', () => {
    expect(findUnsafeJson({ meta: { tags: ['x', 'a\u0000b'] } }, BODY_JSON_LIMITS)).toEqual({
      path: ['meta', 'tags', 1],
      problem: 'contains a NUL character (\\u0000)',
    });
    const key = findUnsafeJson({ meta: { 'k\u0000': 1 } }, BODY_JSON_LIMITS)!;
    expect(formatJsonPath(key.path)).toBe('meta."k\\u0000"');
    expect(key.problem).toBe('key contains a NUL character (\\u0000)');
  });

  it('refuses lone surrogates, high or low, but not surrogate pairs', () => {
    expect(findUnsafeJson({ a: '\ud800' }, BODY_JSON_LIMITS)?.problem).toMatch(/lone surrogate/);
    expect(findUnsafeJson({ a: 'x\udc00' }, BODY_JSON_LIMITS)?.problem).toMatch(/lone surrogate/);
    expect(findUnsafeJson({ a: '\ud83d\ude00' }, BODY_JSON_LIMITS)).toBe(undefined);
  });

  it('bounds depth without recursing, whatever the depth', () => {
    expect(findUnsafeJson(nested(32), BODY_JSON_LIMITS)).toBe(undefined);
    expect(findUnsafeJson(nested(33), BODY_JSON_LIMITS)?.problem).toBe('nests deeper than 32 levels');
    expect(findUnsafeJson(nested(200_000), BODY_JSON_LIMITS)?.problem).toBe('nests deeper than 32 levels');
  });

  it('bounds the number of keys and elements', () => {
    const wide = Object.fromEntries(Array.from({ length: 20_001 }, (_, i) => [`k${i}`, i]));
    expect(findUnsafeJson(wide, BODY_JSON_LIMITS)?.problem).toMatch(/more than 20000/);
    expect(
      findUnsafeJson(
        Array.from({ length: 20_000 }, () => 1),
        BODY_JSON_LIMITS,
      ),
    ).toBe(undefined);
  });

  it('finds a bad string wherever it hides in random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom('\u0000', '\ud800', '\udfff'), (json, bad) => {
        const value = { wrapper: [json, { inner: `x${bad}y` }] };
        expect(findUnsafeJson(value, BODY_JSON_LIMITS)).toBeDefined();
      }),
    );
  });

  it('formats paths as people read them', () => {
    expect(formatJsonPath([])).toBe('(root)');
    expect(formatJsonPath(['order', 'lines', 2, 'odd key'])).toBe('order.lines[2]."odd key"');
    expect(formatJsonPath([0, 'a'])).toBe('[0].a');
  });

  it('says why a text is unsafe, or nothing', () => {
    expect(unsafeTextReason('fine')).toBe(undefined);
    expect(unsafeTextReason('a\u0000')).toMatch(/NUL/);
  });
});

describe('free-form JSON in contracts', () => {
  const metadata = boundedJsonSchema(4096);

  it('refuses what jsonb cannot store, naming the path', () => {
    const result = metadata.safeParse({ order: { note: 'a\u0000b' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['order', 'note'],
      message: 'contains a NUL character (\\u0000)',
    });
    expect(metadata.safeParse({ k: '\ud800' }).success).toBe(false);
  });

  it('limits nesting to 8 levels', () => {
    expect(metadata.safeParse(nested(8)).success).toBe(true);
    expect(metadata.safeParse(nested(9)).success).toBe(false);
  });
});

describe('timestamps', () => {
  it.each([
    ['2026-01-01T00:00:00Z', true],
    ['2026-01-01T00:00:00+14:00', true],
    ['2026-01-01T00:00:00-12:00', true],
    ['2026-01-01T00:00:00+14:01', false],
    ['2026-01-01T00:00:00+18:28', false],
    ['2026-01-01T00:00:00-23:59', false],
  ])('%s has a real UTC offset: %s', (timestamp, real) => {
    expect(hasRealUtcOffset(timestamp)).toBe(real);
    expect(timestampSchema.safeParse(timestamp).success).toBe(real);
  });
});
