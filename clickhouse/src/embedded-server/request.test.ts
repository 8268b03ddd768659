import { describe, expect, it } from 'vitest';
import { parseHttpRequest, pickEncoding, type HttpRequestInput, type QueryRequest } from './request.ts';

function input(overrides: Partial<HttpRequestInput>): HttpRequestInput {
  return { method: 'POST', url: '/', headers: {}, body: '', ...overrides };
}

function multipart(parts: Record<string, string>, boundary = 'b0undary'): string {
  const sections = Object.entries(parts).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return `${sections.join('')}--${boundary}--\r\n`;
}

describe('parseHttpRequest: health checks', () => {
  it.each([
    ['GET /ping', input({ method: 'GET', url: '/ping' })],
    ['HEAD /ping', input({ method: 'HEAD', url: '/ping' })],
    ['GET / without a query', input({ method: 'GET', url: '/' })],
    ['GET /replicas_status', input({ method: 'GET', url: '/replicas_status' })],
  ])('%s is a ping', (_name, request) => {
    expect(parseHttpRequest(request)).toEqual({ kind: 'ping' });
  });
});

describe('parseHttpRequest: queries', () => {
  const cases: Array<[string, HttpRequestInput, Partial<QueryRequest>]> = [
    [
      'GET with the query in the URL is readonly TabSeparated',
      input({ method: 'GET', url: '/?query=SELECT%201' }),
      { sql: 'SELECT 1', format: 'TabSeparated', readonly: true, settings: {}, params: {} },
    ],
    [
      'POST body is the statement; query_id and database are taken from the URL',
      input({ url: '/?query_id=q-1&database=app', body: 'SELECT 1\nFORMAT JSONEachRow' }),
      { sql: 'SELECT 1\nFORMAT JSONEachRow', queryId: 'q-1', database: 'app', readonly: false },
    ],
    [
      'every other parameter is a setting and param_* are bindings, kept as sent',
      input({
        url: "/?query_id=q&max_threads=2&date_time_input_format=best_effort&param_name=it%5C'%5Cts&param_ids=%5B1%2C2%5D",
        body: 'SELECT {name:String}',
      }),
      {
        settings: { max_threads: '2', date_time_input_format: 'best_effort' },
        params: { name: "it\\'\\ts", ids: '[1,2]' },
      },
    ],
    [
      'an insert keeps the URL statement and the body as separate data bytes',
      input({ url: '/?query=INSERT%20INTO%20t%20FORMAT%20JSONEachRow', body: '{"id":1}\n' }),
      { sql: 'INSERT INTO t FORMAT JSONEachRow', data: Buffer.from('{"id":1}\n') },
    ],
    [
      'a URL statement with an empty body has no data',
      input({ url: '/?query=INSERT%20INTO%20t%20SELECT%201' }),
      { sql: 'INSERT INTO t SELECT 1', data: undefined },
    ],
    [
      'GET ignores any body',
      input({ method: 'GET', url: '/?query=SELECT%201', body: 'junk' }),
      { sql: 'SELECT 1', data: undefined, readonly: true },
    ],
    [
      'default_format sets the output format',
      input({ url: '/?default_format=JSONCompact', body: 'SELECT 1' }),
      { format: 'JSONCompact' },
    ],
    [
      'X-ClickHouse-Format and X-ClickHouse-Database headers are honoured',
      input({ headers: { 'x-clickhouse-format': 'CSV', 'x-clickhouse-database': 'db1' }, body: 'SELECT 1' }),
      { format: 'CSV', database: 'db1' },
    ],
    [
      'URL parameters win over headers',
      input({
        url: '/?default_format=JSON&database=db2',
        headers: { 'x-clickhouse-format': 'CSV', 'x-clickhouse-database': 'db1' },
        body: 'SELECT 1',
      }),
      { format: 'JSON', database: 'db2' },
    ],
    [
      'server-level parameters are not settings',
      input({
        url: '/?session_id=s&session_timeout=60&user=u&password=p&wait_end_of_query=1&compress=0&role=r',
        body: 'SELECT 1',
      }),
      { settings: {} },
    ],
    [
      'enable_http_compression with Accept-Encoding asks for a compressed response',
      input({ url: '/?enable_http_compression=1', headers: { 'accept-encoding': 'gzip' }, body: 'SELECT 1' }),
      { responseEncoding: 'gzip', settings: { enable_http_compression: '1' } },
    ],
    [
      'Accept-Encoding alone does not compress',
      input({ headers: { 'accept-encoding': 'gzip' }, body: 'SELECT 1' }),
      { responseEncoding: undefined },
    ],
    [
      'enable_http_compression=0 does not compress',
      input({ url: '/?enable_http_compression=0', headers: { 'accept-encoding': 'gzip' }, body: 'SELECT 1' }),
      { responseEncoding: undefined },
    ],
    [
      'multipart fields act as URL parameters',
      input({
        url: '/?query_id=m',
        headers: { 'content-type': 'multipart/form-data; boundary=b0undary' },
        body: multipart({ query: 'SELECT {v:String}', param_v: "a\\'b" }),
      }),
      { sql: 'SELECT {v:String}', params: { v: "a\\'b" }, data: undefined, queryId: 'm' },
    ],
  ];

  it.each(cases)('%s', (_name, request, expected) => {
    const parsed = parseHttpRequest(request);
    expect(parsed.kind).toBe('query');
    if (parsed.kind !== 'query') return;
    for (const [key, value] of Object.entries(expected)) {
      expect(parsed.request[key as keyof QueryRequest], key).toEqual(value);
    }
  });

  it('generates a query id when none is sent', () => {
    const parsed = parseHttpRequest(input({ body: 'SELECT 1' }));
    expect(parsed.kind === 'query' && parsed.request.queryId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('parseHttpRequest: errors', () => {
  const cases: Array<[string, HttpRequestInput, number, string, number?]> = [
    ['an empty POST', input({ body: '  \n' }), 62, 'Empty query'],
    [
      'a setting name that is not an identifier',
      input({ url: '/?max-threads=1', body: 'SELECT 1' }),
      115,
      "Unknown setting 'max-threads'",
    ],
    ['a format name with spaces', input({ url: '/?default_format=JSON%20x', body: 'SELECT 1' }), 73, 'Unknown format'],
    ['PUT', input({ method: 'PUT', body: 'SELECT 1' }), 36, 'HTTP method PUT', 405],
    ['compress=1', input({ url: '/?compress=1', body: 'SELECT 1' }), 48, 'compress=1'],
    ['decompress=1', input({ url: '/?decompress=1', body: 'SELECT 1' }), 48, 'decompress=1'],
    [
      'a malformed multipart body',
      input({ headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nnope' }),
      36,
      'Malformed multipart',
    ],
    [
      'a multipart file part (external table)',
      input({
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        body: '--x\r\nContent-Disposition: form-data; name="t"; filename="t.tsv"\r\n\r\n1\r\n--x--\r\n',
      }),
      48,
      "External table 't'",
    ],
  ];

  it.each(cases)('rejects %s', (_name, request, code, message, httpStatus) => {
    const parsed = parseHttpRequest(request);
    expect(parsed.kind).toBe('error');
    if (parsed.kind !== 'error') return;
    expect(parsed.error.code).toBe(code);
    expect(parsed.error.text).toMatch(new RegExp(`^Code: ${code}\\. DB::Exception: .*\\([A-Z_]+\\)$`));
    expect(parsed.error.text).toContain(message);
    expect(parsed.error.httpStatus).toBe(httpStatus);
  });
});

describe('pickEncoding', () => {
  it.each([
    [undefined, undefined],
    ['gzip', 'gzip'],
    ['zstd, br;q=0.9, gzip', 'br'],
    ['identity', undefined],
    ['DEFLATE', 'deflate'],
  ])('%s -> %s', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected);
  });
});
