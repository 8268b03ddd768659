import { describe, expect, it } from 'vitest';
import { createRouteMethodIndex, routePatternToRegex } from './route-methods.ts';

describe('route methods', () => {
  it('matches concrete paths against route patterns, one segment per parameter', () => {
    const pattern = routePatternToRegex('/v1/members/:id/points/earn');
    expect(pattern.test('/v1/members/abc/points/earn')).toBe(true);
    expect(pattern.test('/v1/members/abc/def/points/earn')).toBe(false);
    expect(pattern.test('/v1/members/abc/points/earn/x')).toBe(false);
    expect(routePatternToRegex('/docs/*').test('/docs/static/app.js')).toBe(true);
    expect(routePatternToRegex('/v1/a.b').test('/v1/aXb')).toBe(false);
  });

  it('lists every method a path answers', () => {
    const index = createRouteMethodIndex();
    index.add('/v1/members/:id', ['GET', 'HEAD']);
    index.add('/v1/members/:id', 'PATCH');
    index.add('/v1/members/:id', 'DELETE');
    index.add('/v1/members/:id/points/earn', 'POST');
    expect(index.allowedMethods('/v1/members/42')).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH']);
    expect(index.allowedMethods('/v1/nothing')).toEqual([]);
  });
});
