import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { validate } from '@scalar/openapi-parser';
import { OPENAPI_SNAPSHOT_PATH } from './openapi-document.ts';
import { unresolvedReferences } from './openapi-references.ts';

// The committed document is what clients generate code from: it must be a valid OpenAPI 3.1
// document. openapi-document.int.test.ts keeps it equal to the one the API serves.

const snapshot = JSON.parse(await readFile(OPENAPI_SNAPSHOT_PATH, 'utf8'));

describe('the committed OpenAPI document', () => {
  it('is valid OpenAPI 3.1 (the specification schema, references resolved)', async () => {
    const result = await validate(snapshot);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.version).toBe('3.1');
  });

  it('has no reference that points at nothing', () => {
    expect(unresolvedReferences(snapshot)).toEqual([]);
  });
});
