import type { z } from 'zod';
import type { OpenAPIV3_1 } from 'openapi-types';

// Examples are what integrators copy first, so they sit on each operation's own request and
// response (media type `example`), where the reference UI shows them: a schema-level example
// would show a redemption's answer as an earn's, since four ledger operations answer the same
// PostingResult. Each example names the zod schema it is an instance of: TypeScript checks its
// shape against the schema's type here, and openapi-examples.test.ts checks it against the
// schema itself and against the published document.

export interface SchemaExample {
  schema: z.ZodType;
  value: unknown;
}

/** A request body as a client sends it (the schema's input). */
export function requestExample<S extends z.ZodType>(schema: S, value: z.input<S>): SchemaExample {
  return { schema, value };
}

/** A response body as the API sends it (the schema's output). */
export function responseExample<S extends z.ZodType>(schema: S, value: z.output<S>): SchemaExample {
  return { schema, value };
}

export interface OperationExample {
  request?: SchemaExample;
  response: { status: number; json: SchemaExample; csv?: string };
}

/** operationId -> its examples. */
export type OperationExamples = Readonly<Record<string, OperationExample>>;

type Operation = OpenAPIV3_1.OperationObject;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The document with each operation's examples on its request body and success response. */
export function withOperationExamples(
  document: OpenAPIV3_1.Document,
  examples: OperationExamples,
): OpenAPIV3_1.Document {
  const unused = new Set(Object.keys(examples));
  const paths = Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]) => {
      const out: Record<string, unknown> = { ...item };
      for (const method of METHODS) {
        const operation = item?.[method];
        const example = operation?.operationId === undefined ? undefined : examples[operation.operationId];
        if (!operation || !example) continue;
        unused.delete(operation.operationId!);
        out[method] = withExample(operation, example);
      }
      return [path, out];
    }),
  );
  if (unused.size > 0) throw new Error(`examples for operations the document does not have: ${[...unused].join(', ')}`);
  return { ...document, paths: paths as OpenAPIV3_1.PathsObject };
}

function withExample(operation: Operation, example: OperationExample): Operation {
  const where = operation.operationId!;
  let requestBody = operation.requestBody;
  if (example.request) {
    const body = requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
    requestBody = {
      ...body!,
      content: withMediaExample(body?.content, 'application/json', example.request.value, where),
    };
  }
  const { status, json, csv } = example.response;
  const response = operation.responses?.[String(status)] as OpenAPIV3_1.ResponseObject | undefined;
  let content = withMediaExample(response?.content, 'application/json', json.value, `${where} ${status}`);
  if (csv !== undefined) content = withMediaExample(content, 'text/csv', csv, `${where} ${status}`);
  return {
    ...operation,
    ...(requestBody ? { requestBody } : {}),
    responses: { ...operation.responses, [String(status)]: { ...response!, content } },
  };
}

function withMediaExample(
  content: Record<string, OpenAPIV3_1.MediaTypeObject> | undefined,
  mediaType: string,
  value: unknown,
  where: string,
): Record<string, OpenAPIV3_1.MediaTypeObject> {
  const media = content?.[mediaType];
  if (!media) throw new Error(`${where} has no ${mediaType} body to show an example of`);
  return { ...content, [mediaType]: { ...media, example: value } };
}
