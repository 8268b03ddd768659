import type { FetchOptions } from 'openapi-fetch';
import { unwrap, type ApiResult } from './api-result.ts';
import type { paths } from './api-types.ts';

// Lists answer a page `{ data, nextCursor, hasMore }` and take `cursor` (opaque) and `limit`
// query parameters. `paginate` walks the pages: it follows nextCursor while hasMore is true,
// and yields the items one by one. Its path
// parameter accepts only operations whose answer is such a page, with their item type.

type JsonOk<Operation> = Operation extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

interface Page {
  data: unknown[];
  nextCursor: string | null;
  hasMore: boolean;
}

/** The GET paths whose answer is a page of items. */
export type ListPath = {
  [P in keyof paths]: paths[P] extends { get: infer Operation }
    ? JsonOk<Operation> extends { data: unknown[]; nextCursor: string | null; hasMore: boolean }
      ? P
      : never
    : never;
}[keyof paths];

export type ListOperation<P extends ListPath> = paths[P]['get'];
export type ListItem<P extends ListPath> = JsonOk<ListOperation<P>>['data'][number];
export type ListInit<P extends ListPath> = FetchOptions<ListOperation<P>>;
/** The init argument: required when the operation has required parameters (path ids). */
export type ListInitArg<P extends ListPath> =
  Partial<ListInit<P>> extends ListInit<P> ? [init?: ListInit<P>] : [init: ListInit<P>];

type GetPage = (path: string, init: { params?: { query?: Record<string, unknown> } }) => Promise<ApiResult>;

export async function* paginate<P extends ListPath>(
  get: GetPage,
  path: P,
  init: ListInit<P> | undefined,
): AsyncGenerator<ListItem<P>, void, undefined> {
  const base = (init ?? {}) as { params?: { query?: Record<string, unknown> } };
  let cursor = base.params?.query?.cursor as string | undefined;
  for (;;) {
    const query = { ...base.params?.query, ...(cursor === undefined ? {} : { cursor }) };
    const page = (await unwrap(get(path, { ...base, params: { ...base.params, query } }))) as Page;
    yield* page.data as ListItem<P>[];
    if (!page.hasMore || page.nextCursor === null) return;
    if (page.nextCursor === cursor) throw new Error(`${path} answered the cursor it was given as the next one`);
    cursor = page.nextCursor;
  }
}
