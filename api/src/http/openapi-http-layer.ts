import type { OpenAPIV3_1 } from 'openapi-types';
import { IDEMPOTENCY_KEY_PATTERN } from '../modules/idempotency/idempotency.ts';
import { BODY_LIMITS_NOTE } from './openapi-input-guards.ts';

// What the HTTP layer adds to every route, declared once here rather than in each route's
// schema: the headers hooks and plugins set (x-request-id, the idempotency replay marker, the
// rate-limit headers), the statuses Fastify answers before a route's own code runs (a body
// too large or of a type we do not parse, a path segment too long), and the error statuses that
// follow from what a route declares: credentials (401, 403) unless it is public, 404 when its
// path names something, 409 when it takes an Idempotency-Key. The facts come from the document
// itself (has a body, has path parameters) and from the route's declarations (config.auth,
// config.idempotent), so they cannot drift from the routes. A status the route declares itself
// (a 401 on a login, a 404 for an id in a body) keeps its own description.

type Document = OpenAPIV3_1.Document;
type Operation = OpenAPIV3_1.OperationObject;

const ERROR_SCHEMA = { $ref: '#/components/schemas/Error' };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

const headers: Record<string, OpenAPIV3_1.HeaderObject> = {
  RequestId: {
    description: 'the id of this request in our logs: quote it when you report a problem',
    schema: { type: 'string', format: 'uuid' },
  },
  IdempotentReplayed: {
    description: 'present (true) when this is the stored response to an earlier call with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  RateLimitLimit: { description: 'requests allowed per minute for this credential', schema: { type: 'integer' } },
  RateLimitRemaining: { description: 'requests left in the current window', schema: { type: 'integer' } },
  RateLimitReset: { description: 'seconds until the window resets', schema: { type: 'integer' } },
  RetryAfter: { description: 'seconds to wait before trying again', schema: { type: 'integer' } },
};

const parameters: Record<string, OpenAPIV3_1.ParameterObject> = {
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'a key of your choosing (such as a UUID) that makes a retry safe: a repeat with the same key and body ' +
      'answers the first response (with idempotent-replayed: true) without doing the work again; ' +
      'the same key with another body, on another path or from another credential is a 409',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
  },
};

const errorResponse = (description: string): OpenAPIV3_1.ResponseObject => ({
  description,
  headers: { 'x-request-id': ref('headers', 'RequestId') },
  content: { 'application/json': { schema: ERROR_SCHEMA } },
});

const IDEMPOTENCY_CONFLICT =
  'the Idempotency-Key was sent before with another request (idempotency_key_reused) or that request is still running (idempotency_key_in_flight)';

const responses: Record<string, OpenAPIV3_1.ResponseObject> = {
  BadRequest: errorResponse(
    `the request is not valid: a parameter or the body breaks the schema or a rule its description states, or the URL is malformed (${BODY_LIMITS_NOTE})`,
  ),
  Unauthorized: errorResponse('missing, invalid, expired or revoked credentials'),
  Forbidden: errorResponse('the credential lacks the permission'),
  NotFound: errorResponse('no such resource in your tenant'),
  Conflict: errorResponse(
    `the call conflicts with the current state of what it changes (points short, a name taken, a state that forbids the change); or ${IDEMPOTENCY_CONFLICT}`,
  ),
  PayloadTooLarge: errorResponse('the body is larger than this operation accepts (payload_too_large)'),
  UriTooLong: errorResponse('a path segment is longer than any id we issue (uri_too_long)'),
  UnsupportedMediaType: errorResponse('the body is not application/json (unsupported_media_type)'),
  TooManyRequests: {
    ...errorResponse('rate limited, or too many failed attempts: wait for Retry-After seconds'),
    headers: {
      'x-request-id': ref('headers', 'RequestId'),
      'ratelimit-limit': ref('headers', 'RateLimitLimit'),
      'ratelimit-remaining': ref('headers', 'RateLimitRemaining'),
      'ratelimit-reset': ref('headers', 'RateLimitReset'),
      'retry-after': ref('headers', 'RetryAfter'),
    },
  },
};

interface OperationFacts {
  public: boolean;
  idempotent: boolean;
  body: boolean;
  pathParameters: boolean;
}

/** The error statuses that follow from what an operation declares, and the response that answers each. */
const DERIVED_STATUSES: {
  status: string;
  response: keyof typeof responses;
  applies: (f: OperationFacts) => boolean;
}[] = [
  // Every operation validates its URL (percent-encoding, control characters) and its input.
  { status: '400', response: 'BadRequest', applies: () => true },
  { status: '401', response: 'Unauthorized', applies: (f) => !f.public },
  { status: '403', response: 'Forbidden', applies: (f) => !f.public },
  { status: '404', response: 'NotFound', applies: (f) => f.pathParameters },
  // Any mutation can meet a reused key; the state conflicts of a route come with it.
  { status: '409', response: 'Conflict', applies: (f) => f.idempotent },
  { status: '413', response: 'PayloadTooLarge', applies: (f) => f.body },
  { status: '414', response: 'UriTooLong', applies: (f) => f.pathParameters },
  { status: '415', response: 'UnsupportedMediaType', applies: (f) => f.body },
  // The limiter counts every call, anonymous ones per address.
  { status: '429', response: 'TooManyRequests', applies: () => true },
];

function ref(kind: 'headers' | 'parameters' | 'responses', name: string) {
  return { $ref: `#/components/${kind}/${name}` };
}

export interface HttpLayerFacts {
  /** operationIds of the routes declaring config.idempotent. */
  idempotent: ReadonlySet<string>;
  /** operationIds of the routes declaring config.auth 'public'. */
  public: ReadonlySet<string>;
}

/** The document with the HTTP layer's headers and statuses declared on every operation. */
export function withHttpLayer(document: Document, facts: HttpLayerFacts): Document {
  const paths = Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]) => [path, withHttpLayerOnPath(item ?? {}, facts)]),
  );
  return {
    ...document,
    paths,
    components: {
      ...document.components,
      headers: { ...document.components?.headers, ...headers },
      parameters: { ...document.components?.parameters, ...parameters },
      responses: { ...document.components?.responses, ...responses },
    },
  };
}

function withHttpLayerOnPath(item: OpenAPIV3_1.PathItemObject, facts: HttpLayerFacts): OpenAPIV3_1.PathItemObject {
  const out: Record<string, unknown> = { ...item };
  for (const method of METHODS) {
    const operation = item[method];
    if (operation) out[method] = withHttpLayerOnOperation(operation, facts);
  }
  return out as OpenAPIV3_1.PathItemObject;
}

function withHttpLayerOnOperation(operation: Operation, facts: HttpLayerFacts): Operation {
  const id = operation.operationId;
  const f: OperationFacts = {
    public: id !== undefined && facts.public.has(id),
    idempotent: id !== undefined && facts.idempotent.has(id),
    body: operation.requestBody !== undefined,
    pathParameters: hasPathParameters(operation),
  };
  const derived = Object.fromEntries(
    DERIVED_STATUSES.filter((d) => d.applies(f)).map((d) => [d.status, ref('responses', d.response)]),
  );
  const declared = Object.fromEntries(
    Object.entries(operation.responses ?? {}).map(([status, response]) => [
      status,
      withResponseHeaders(status, response, f.idempotent),
    ]),
  );
  const described = withOpaqueCursors(operation);
  return {
    ...described,
    parameters: f.idempotent
      ? [...(described.parameters ?? []), ref('parameters', 'IdempotencyKey')]
      : described.parameters,
    responses: sortedByStatus({ ...derived, ...declared }),
  };
}

// A cursor is opaque: only a nextCursor the API returned is one (the lead's pagination pass gives
// them one format); stated on every `cursor` a list or a paged call takes, as a description and as
// x-issued-as, which names the response field that issues it (the fuzzer's hooks read it).
const CURSOR_NOTE =
  'opaque: the nextCursor of the previous page, exactly as returned; any other value is refused (400)';

function withOpaqueCursor(schema: OpenAPIV3_1.SchemaObject | undefined): OpenAPIV3_1.SchemaObject | undefined {
  if (!schema || '$ref' in schema) return schema;
  const description = schema.description ? `${schema.description}; ${CURSOR_NOTE}` : CURSOR_NOTE;
  return { ...schema, description, 'x-issued-as': 'nextCursor' } as unknown as OpenAPIV3_1.SchemaObject;
}

function withOpaqueCursors(operation: Operation): Operation {
  const parameters = operation.parameters?.map((p): OpenAPIV3_1.ParameterObject | OpenAPIV3_1.ReferenceObject =>
    'in' in p && p.in === 'query' && p.name === 'cursor'
      ? ({ ...p, schema: withOpaqueCursor(p.schema as OpenAPIV3_1.SchemaObject) } as OpenAPIV3_1.ParameterObject)
      : p,
  );
  const body = operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  const json = body?.content?.['application/json']?.schema as OpenAPIV3_1.SchemaObject | undefined;
  const cursor = json && !('$ref' in json) ? (json.properties?.cursor as OpenAPIV3_1.SchemaObject) : undefined;
  const requestBody =
    body && json && cursor
      ? {
          ...body,
          content: {
            ...body.content,
            'application/json': {
              ...body.content['application/json'],
              schema: { ...json, properties: { ...json.properties, cursor: withOpaqueCursor(cursor)! } },
            },
          },
        }
      : body;
  return { ...operation, parameters, requestBody };
}

function hasPathParameters(operation: Operation): boolean {
  return (operation.parameters ?? []).some((p) => 'in' in p && p.in === 'path');
}

/** x-request-id on every response; the rate-limit headers once past authentication; the replay marker on successes. */
function withResponseHeaders(
  status: string,
  response: OpenAPIV3_1.ResponseObject | OpenAPIV3_1.ReferenceObject,
  idempotent: boolean,
): OpenAPIV3_1.ResponseObject | OpenAPIV3_1.ReferenceObject {
  if ('$ref' in response) return response;
  const success = status.startsWith('2');
  const added: Record<string, OpenAPIV3_1.ReferenceObject> = { 'x-request-id': ref('headers', 'RequestId') };
  if (success || status === '429') {
    added['ratelimit-limit'] = ref('headers', 'RateLimitLimit');
    added['ratelimit-remaining'] = ref('headers', 'RateLimitRemaining');
    added['ratelimit-reset'] = ref('headers', 'RateLimitReset');
  }
  if (status === '429') added['retry-after'] = ref('headers', 'RetryAfter');
  if (success && idempotent) added['idempotent-replayed'] = ref('headers', 'IdempotentReplayed');
  // A route's own 409 on an idempotent operation is also the answer to a reused key.
  const description =
    status === '409' && idempotent ? `${response.description}; or ${IDEMPOTENCY_CONFLICT}` : response.description;
  return { ...response, description, headers: { ...response.headers, ...added } };
}

function sortedByStatus<T>(byStatus: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(byStatus).sort(([a], [b]) => a.localeCompare(b)));
}
