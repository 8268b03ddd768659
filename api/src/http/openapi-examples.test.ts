import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPENAPI_SNAPSHOT_PATH } from './openapi-document.ts';
import { withOperationExamples } from './openapi-examples.ts';
import { BALANCE_AFTER, LEDGER } from './openapi-examples/ledger-examples.ts';
import { OPERATION_EXAMPLES } from './openapi-examples/operation-examples.ts';

// An example is what an integrator copies: one its own schema refuses teaches a call the API
// refuses. Every example of the committed document is checked against the JSON Schema it
// illustrates there, and every example of the table against the zod schema the API validates
// (requests) or serializes with (responses), which also checks what JSON Schema cannot say
// (currency codes, time zones, lines adding up to the amount).

const document: OpenAPIV3_1.Document = JSON.parse(await readFile(OPENAPI_SNAPSHOT_PATH, 'utf8'));

// The operations an integrator meets first; each shows a request (when it takes a body) and an answer.
const MAIN_OPERATIONS = [
  'onboardTenant',
  'logIn',
  'createApiKey',
  'createProgram',
  'createMember',
  'earnPoints',
  'redeemPoints',
  'adjustPoints',
  'reversePosting',
  'recordTransaction',
  'refundOrder',
  'redeemReward',
  'getMemberBalance',
  'listMemberPostings',
  'createRule',
  'createTier',
  'createReward',
  'createSegment',
  'createCampaign',
  'runReport',
];

interface FoundExample {
  /** JSON pointer of the example in the document. */
  at: string;
  /** JSON pointer of the schema it illustrates. */
  schemaAt: string;
  value: unknown;
}

const pointer = (parts: (string | number)[]) =>
  parts.map((p) => '/' + String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('');

/**
 * Every example of the document: `example` and `examples` beside a `schema` (media types,
 * parameters, headers), and the `examples` array of a schema.
 */
function examplesOf(node: unknown, at: (string | number)[] = []): FoundExample[] {
  if (node === null || typeof node !== 'object') return [];
  const found: FoundExample[] = [];
  const record = node as Record<string, unknown>;
  if ('schema' in record && 'example' in record)
    found.push({ at: pointer([...at, 'example']), schemaAt: pointer([...at, 'schema']), value: record.example });
  if ('schema' in record && record.examples && typeof record.examples === 'object' && !Array.isArray(record.examples)) {
    for (const [name, ex] of Object.entries(record.examples as Record<string, { value?: unknown }>))
      found.push({ at: pointer([...at, 'examples', name]), schemaAt: pointer([...at, 'schema']), value: ex.value });
  }
  if (Array.isArray(record.examples)) {
    record.examples.forEach((value, i) =>
      found.push({ at: pointer([...at, 'examples', i]), schemaAt: pointer(at), value }),
    );
  }
  for (const [key, child] of Object.entries(record)) {
    if (key !== 'example' && key !== 'examples') found.push(...examplesOf(child, [...at, key]));
  }
  return found;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
// A CommonJS module: its function is the default export's `default`.
ajvFormats.default(ajv);
ajv.addSchema(document as object, 'openapi.json');
const validatorFor = (schemaAt: string) => ajv.compile({ $ref: `openapi.json#${encodeURI(schemaAt)}` });

describe('the examples of the committed OpenAPI document', () => {
  const found = examplesOf(document);

  it('show a request and an answer on every main operation', () => {
    const operations = Object.values(document.paths ?? {}).flatMap((item) => Object.values(item ?? {}));
    for (const operationId of MAIN_OPERATIONS) {
      const operation = operations.find((op) => (op as OpenAPIV3_1.OperationObject).operationId === operationId) as
        OpenAPIV3_1.OperationObject | undefined;
      expect(operation, operationId).toBeDefined();
      const body = operation!.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
      if (body) expect(body.content['application/json']?.example, `${operationId} request`).toBeDefined();
      const answers = Object.entries(operation!.responses ?? {}).filter(([status]) => status.startsWith('2'));
      expect(
        answers.some(([, r]) => (r as OpenAPIV3_1.ResponseObject).content?.['application/json']?.example),
        `${operationId} answer`,
      ).toBe(true);
    }
  });

  it('are each valid against the schema they illustrate', () => {
    expect(found.length).toBeGreaterThanOrEqual(MAIN_OPERATIONS.length * 2 - 2);
    const invalid = found
      .map(({ at, schemaAt, value }) => {
        const validate = validatorFor(schemaAt);
        return validate(value) ? undefined : { at, errors: ajv.errorsText(validate.errors) };
      })
      .filter((problem) => problem !== undefined);
    expect(invalid).toEqual([]);
  });

  it('catch an example its schema refuses', () => {
    const earn = found.find((e) => e.at.includes('points~1earn') && e.at.includes('requestBody'))!;
    expect(validatorFor(earn.schemaAt)({ ...(earn.value as object), points: 0 })).toBe(false);
  });
});

describe('the example table', () => {
  const entries = Object.entries(OPERATION_EXAMPLES);

  it('holds requests the API accepts and answers it can send, by its own zod schemas', () => {
    expect(entries.map(([operationId]) => operationId).sort()).toEqual([...MAIN_OPERATIONS].sort());
    for (const [operationId, { request, response }] of entries) {
      if (request)
        expect(request.schema.safeParse(request.value).error?.issues, `${operationId} request`).toBeUndefined();
      const encoded = z.safeEncode(response.json.schema, response.json.value);
      expect(encoded.error?.issues, `${operationId} answer`).toBeUndefined();
    }
  });

  it('tells one story: balances follow the postings, and an order posts what its breakdown earned', () => {
    let available = 0;
    for (const step of Object.keys(LEDGER) as (keyof typeof LEDGER)[]) {
      available += LEDGER[step].points;
      expect(BALANCE_AFTER[step].available, step).toBe(available);
    }
    const recorded = OPERATION_EXAMPLES.recordTransaction!.response.json.value as {
      order: { points: number };
      breakdown: { points: number };
      posting: { points: number };
    };
    expect(recorded.posting.points).toBe(recorded.breakdown.points);
    expect(recorded.order.points).toBe(recorded.breakdown.points);
  });

  it('refuses examples for an operation the document does not have, or a body it does not take', () => {
    const { getMemberBalance, earnPoints } = OPERATION_EXAMPLES;
    expect(() => withOperationExamples(document, { noSuchOperation: getMemberBalance! })).toThrow(
      'examples for operations the document does not have: noSuchOperation',
    );
    expect(() => withOperationExamples(document, { getMemberBalance: earnPoints! })).toThrow(
      /getMemberBalance has no application\/json body/,
    );
  });
});
