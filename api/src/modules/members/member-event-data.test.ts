import { describe, expect, it } from 'vitest';
import { memberCreatedEventDataSchema, memberUpdatedEventDataSchema } from '@loyalty/shared';
import { memberCreatedData, memberUpdatedData, publishedAttributes } from './member-event-data.ts';

const attributes = { city: 'Lyon', vip: true, email2: 'ada@example.com', notes: { allergy: 'nuts' } };

describe('publishedAttributes', () => {
  it('keeps only the declared keys', () => {
    expect(publishedAttributes(attributes, ['vip', 'city'])).toEqual({ vip: true, city: 'Lyon' });
  });

  it('publishes nothing when nothing is declared, and skips declared keys the member lacks', () => {
    expect(publishedAttributes(attributes, [])).toEqual({});
    expect(publishedAttributes(attributes, ['tier', 'vip'])).toEqual({ vip: true });
  });

  it('never reads inherited properties', () => {
    expect(publishedAttributes(JSON.parse('{"a":1}'), ['constructor', 'toString', 'a'])).toEqual({ a: 1 });
  });
});

describe('member event data', () => {
  it('carries the birth month and the declared attributes, and nothing that names the member', () => {
    const data = memberCreatedData({ birthMonth: 5, attributes }, ['city']);
    expect(data).toEqual({ birthMonth: 5, attributes: { city: 'Lyon' } });
    expect(memberCreatedEventDataSchema.parse(data)).toEqual(data);
    expect(JSON.stringify(data)).not.toContain('example.com');
  });

  it('names the changed fields of an update, not their values', () => {
    const data = memberUpdatedData({ birthMonth: null, attributes }, ['vip'], ['email', 'attributes']);
    expect(data).toEqual({ birthMonth: null, attributes: { vip: true }, changed: ['email', 'attributes'] });
    expect(memberUpdatedEventDataSchema.parse(data)).toEqual(data);
  });
});
