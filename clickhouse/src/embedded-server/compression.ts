// HTTP body compression. A server decodes Content-Encoding on every POST body
// (the client gzips inserts when `compression.request` is on) and compresses the
// response only when the request set enable_http_compression=1.

import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { clickHouseError, type ClickHouseErrorInfo } from './errors.ts';
import type { ResponseEncoding } from './request.ts';

const decoders: Record<string, (input: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

const encoders: Record<ResponseEncoding, (input: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gzip),
  deflate: promisify(zlib.deflate),
  br: promisify(zlib.brotliCompress),
};

export type DecodedBody = { body: Buffer } | { error: ClickHouseErrorInfo };

export async function decodeRequestBody(body: Buffer, contentEncoding: string | undefined): Promise<DecodedBody> {
  const encoding = contentEncoding?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return { body };
  const decode = decoders[encoding];
  if (!decode) {
    return { error: clickHouseError(36, 'BAD_ARGUMENTS', `Unknown HTTP compression method '${encoding}'`) };
  }
  try {
    return { body: await decode(body) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { error: clickHouseError(36, 'BAD_ARGUMENTS', `Cannot decompress ${encoding} request body: ${reason}`) };
  }
}

export function encodeResponseBody(body: Buffer, encoding: ResponseEncoding): Promise<Buffer> {
  return encoders[encoding](body);
}
