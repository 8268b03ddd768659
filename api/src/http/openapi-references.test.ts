import { describe, expect, it } from 'vitest';
import { unresolvedReferences } from './openapi-references.ts';

describe('unresolvedReferences', () => {
  const components = { schemas: { Condition: { anyOf: [{ $ref: '#/components/schemas/Condition' }] } } };

  it('accepts references to components, including a schema that refers to itself', () => {
    expect(unresolvedReferences({ components, paths: { '/a': { $ref: '#/components/schemas/Condition' } } })).toEqual(
      [],
    );
  });

  it('names a reference to a component that does not exist, and where it sits', () => {
    const document = { components, paths: { '/v1/a/{id}': { post: { $ref: '#/components/schemas/schema0' } } } };
    expect(unresolvedReferences(document)).toEqual([
      { at: '/paths/~1v1~1a~1{id}/post/$ref', ref: '#/components/schemas/schema0' },
    ]);
  });

  it('refuses a fragment nested in a pointer (the shape a generator produced for $defs)', () => {
    const shared = { $defs: { schema0: { type: 'string' } } };
    const document = {
      components: { schemas: { __shared: shared, A: { $ref: '#/components/schemas/__shared#/$defs/schema0' } } },
    };
    expect(unresolvedReferences(document).map((r) => r.ref)).toEqual(['#/components/schemas/__shared#/$defs/schema0']);
  });

  it('decodes escaped and percent-encoded pointer tokens', () => {
    const document = {
      defs: { 'a/b': { 'c~d': 1, 'e f': 2 } },
      x: { $ref: '#/defs/a~1b/c~0d' },
      y: { $ref: '#/defs/a~1b/e%20f' },
    };
    expect(unresolvedReferences(document)).toEqual([]);
  });

  it('counts a reference outside the document as unresolved: the document must stand alone', () => {
    expect(unresolvedReferences({ a: { $ref: 'other.json#/x' } })).toHaveLength(1);
  });
});
