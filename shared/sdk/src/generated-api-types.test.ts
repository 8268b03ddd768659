import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  generateApiTypes,
  generateFromSnapshot,
  GENERATED_API_TYPES,
  OPENAPI_SNAPSHOT,
  REGENERATE_COMMAND,
} from '../codegen/api-types-codegen.ts';

// The committed generated types are what the committed OpenAPI snapshot generates: a contract
// change that forgot the SDK fails here, saying how to fix it.

describe('the generated API types', () => {
  it('are what api/openapi.json generates', async () => {
    const committed = await readFile(GENERATED_API_TYPES, 'utf8');
    const fresh = await generateFromSnapshot();
    const stale = committed !== fresh;
    expect(
      stale,
      `shared/sdk/src/generated/api.ts is stale: run \`${REGENERATE_COMMAND}\` (npm run openapi:snapshot runs it too) and commit the result`,
    ).toBe(false);
  });

  it('change with the document', async () => {
    const document = JSON.parse(await readFile(OPENAPI_SNAPSHOT, 'utf8'));
    const generated = await generateApiTypes(JSON.stringify(document));
    delete document.paths['/v1/tenant'];
    const without = await generateApiTypes(JSON.stringify(document));
    expect(generated).toContain('"/v1/tenant": {');
    expect(without).not.toContain('"/v1/tenant": {');
  });

  it('declare the JSON value schemas as one recursive alias TypeScript accepts', async () => {
    const generated = await readFile(GENERATED_API_TYPES, 'utf8');
    expect(generated).toMatch(/^export type JsonValue = string \| number \| boolean \| null \| JsonValue\[\] \| \{/m);
    expect(generated).toContain('JsonValueInput: JsonValue;');
  });
});
