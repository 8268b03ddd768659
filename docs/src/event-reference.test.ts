import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventEnvelopeSchema } from '@loyalty/shared';
import { dataSchemaName, dataSchemaOf, eventReferenceMarkdown, fieldTable } from './event-reference.ts';
import { schemaFields } from './schema-fields.ts';

describe('the event reference', () => {
  it("finds a type's data schema by the name shared/ gives it", () => {
    expect(dataSchemaName('tier_changed')).toBe('tierChangedEventDataSchema');
    expect(dataSchemaName('points_pending_confirmed')).toBe('pointsPendingConfirmedEventDataSchema');
    // The schemas that exist today; a rename in shared/ would silently drop them from the page.
    for (const type of ['member_created', 'member_updated', 'member_deleted', 'tier_changed'] as const) {
      expect(dataSchemaOf(type), type).toBeDefined();
    }
    expect(dataSchemaOf('campaign_started')).toBeUndefined();
  });

  it('describes every field of the envelope and of every data schema: it is a public contract', () => {
    const undocumented = [
      ...schemaFields(eventEnvelopeSchema).map((r) => ({ where: 'envelope', ...r })),
      ...EVENT_TYPES.flatMap((type) => {
        const schema = dataSchemaOf(type);
        // Nested fields (a tier's id and name) are described by their parent.
        return schema
          ? schemaFields(schema)
              .filter((r) => !r.path.includes('.'))
              .map((r) => ({ where: type, ...r }))
          : [];
      }),
    ].filter((r) => r.description === '');
    expect(undocumented.map((r) => `${r.where}: ${r.path}`)).toEqual([]);
  });

  it('has a section for every event type, its data fields when it has a schema, and says so when not', () => {
    const page = eventReferenceMarkdown();
    for (const type of EVENT_TYPES) expect(page).toContain(`\n### ${type}\n`);
    const section = (type: string) => page.split(`\n### ${type}\n`)[1]!.split('\n### ')[0]!;
    expect(section('tier_changed')).toContain('| `basisPoints` | integer | yes |');
    expect(section('member_deleted')).toContain('`data` is an empty object');
    expect(section('points_earned')).toContain('no versioned schema yet');
  });

  it('escapes table cells so a pipe in a description cannot break the table', () => {
    const table = fieldTable([{ path: 'a', type: '`x` | `y`', required: true, description: 'one | two' }]);
    expect(table.split('\n')[2]).toBe('| `a` | `x` \\| `y` | yes | one \\| two |');
  });
});
