// Minimal multipart/form-data reader for the one shape @clickhouse/client sends
// (`use_multipart_params`): text fields named `query` and `param_<name>` that a
// server treats exactly like URL parameters. Pure; no I/O.

export interface MultipartField {
  readonly name: string;
  readonly value: string;
  /** Set for file parts, which a real server would load as external tables. */
  readonly filename?: string;
}

/** Returns the boundary of a multipart/form-data Content-Type, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/**
 * Splits a multipart body into its fields. Returns undefined when the body is not
 * well-formed, so the caller can report it instead of running a partial query.
 */
export function parseMultipart(body: string, boundary: string): MultipartField[] | undefined {
  const delimiter = `--${boundary}`;
  const sections = body.split(delimiter);
  // Everything before the first delimiter is preamble; the part after the
  // closing `--boundary--` is epilogue. A body without a closing delimiter is cut off.
  const closing = sections.findIndex((section, i) => i > 0 && section.startsWith('--'));
  if (closing < 1) return undefined;
  const fields: MultipartField[] = [];
  for (const section of sections.slice(1, closing)) {
    const field = parsePart(section);
    if (!field) return undefined;
    fields.push(field);
  }
  return fields;
}

function parsePart(section: string): MultipartField | undefined {
  // Each part is CRLF, headers, CRLF CRLF, value, CRLF (the CRLF before the next delimiter).
  const withoutLead = section.replace(/^\r?\n/, '');
  const headerEnd = withoutLead.search(/\r?\n\r?\n/);
  if (headerEnd < 0) return undefined;
  const headers = withoutLead.slice(0, headerEnd);
  const valueStart = withoutLead.indexOf('\n', withoutLead.indexOf('\n', headerEnd) + 1) + 1;
  const value = withoutLead.slice(valueStart).replace(/\r?\n$/, '');
  const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? '';
  const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) return undefined;
  const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
  return filename === undefined ? { name, value } : { name, value, filename };
}
