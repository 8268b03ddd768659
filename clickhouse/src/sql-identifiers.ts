// The only way our generated SQL names a database, table or user: validated against a
// plain-identifier pattern first, then back-quoted, so no input can end the identifier.

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

export function quoteIdentifier(name: string): string {
  if (!isIdentifier(name)) {
    throw new Error(
      `"${name}" is not a plain identifier (letters, digits and _, not starting with a digit, at most 128)`,
    );
  }
  return `\`${name}\``;
}

/** A ClickHouse string literal: backslash and quote escaped, as the server's lexer reads them. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
