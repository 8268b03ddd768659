import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OPENAPI_SNAPSHOT_PATH } from './openapi-document.ts';

// One contract, the same everywhere: what a client learns from one operation holds for all.

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
}
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

const document: { paths: Record<string, Record<string, Operation>> } = JSON.parse(
  await readFile(OPENAPI_SNAPSHOT_PATH, 'utf8'),
);
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ path, method, op })),
);
const jsonSuccess = (op: Operation) => op.responses['200']?.content?.['application/json']?.schema;
const lists = operations.filter(
  ({ method, op }) => method === 'get' && jsonSuccess(op)?.properties?.data?.type === 'array',
);

// The concept each path parameter names; `{id}` alone would leave a client guessing which.
const PATH_PARAMETERS = new Set([
  'programId',
  'memberId',
  'postingId',
  'ruleId',
  'tierId',
  'rewardId',
  'redemptionId',
  'segmentId',
  'campaignId',
  'userId',
  'apiKeyId',
  'roleKey',
  'savedReportId',
  'analyticsUserId',
  'externalId',
  'orderId',
]);

describe('the contract is consistent', () => {
  it('pages every list the same way: cursor and limit in, data, nextCursor and hasMore out', () => {
    expect(lists.length).toBeGreaterThan(20);
    for (const { path, op } of lists) {
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect(query, `${op.operationId} ${path}`).toEqual(expect.arrayContaining(['cursor', 'limit']));
      expect(Object.keys(jsonSuccess(op)!.properties!), op.operationId).toEqual(['data', 'nextCursor', 'hasMore']);
    }
  });

  it('names every path parameter after its concept', () => {
    for (const { path } of operations) {
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) expect(PATH_PARAMETERS, path).toContain(name);
    }
  });

  it('answers 204 with no body to every delete', () => {
    const deletes = operations.filter(({ method }) => method === 'delete');
    expect(deletes.length).toBeGreaterThan(5);
    for (const { path, op } of deletes) {
      const successes = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      expect(successes, path).toEqual(['204']);
      expect(op.responses['204']!.content, path).toBeUndefined();
    }
  });
});
