// Splits a migration file into statements. ClickHouse's HTTP interface runs one statement
// per request, so the runner sends them one by one.
//
// A statement ends at a `;` that is the last thing on its line (trailing spaces and a
// `--` comment allowed) and sits outside any string, quoted identifier, comment or heredoc.
// A `;` anywhere else stays in the statement: `SELECT 1; SELECT 2` on one line reaches the
// server as one text and fails there with its own message, rather than being guessed at.
// The lexical rules follow ClickHouse's lexer: '...' with \ and '' escapes, "..." and `...`
// identifiers, -- and `# ` / `#!` line comments, nested /* */ comments, $tag$...$tag$ heredocs.

export interface SqlStatement {
  /** The statement without its terminating `;`, trimmed. */
  readonly sql: string;
  /** 1-based line where the statement starts (comments before it excluded). */
  readonly line: number;
}

export class SqlSplitError extends Error {
  override readonly name = 'SqlSplitError';
  readonly line: number;

  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

const HEREDOC_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

export function splitSqlStatements(text: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  // Position of the first character that is neither whitespace nor comment, if any yet.
  let firstCode = -1;
  let i = 0;
  const lineAt = (pos: number) => countLines(text, pos);

  const finish = (end: number) => {
    if (firstCode >= 0) statements.push({ sql: text.slice(firstCode, end).trim(), line: lineAt(firstCode) });
    firstCode = -1;
  };

  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (isLineComment(ch, next)) {
      i = endOfLine(text, i);
      continue;
    }
    if (ch === '/' && next === '*') {
      i = skipBlockComment(text, i, lineAt);
      continue;
    }
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === ';' && endsLine(text, i + 1)) {
      finish(i);
      i += 1;
      continue;
    }
    if (firstCode < 0) firstCode = i;
    if (ch === "'" || ch === '"' || ch === '`') {
      i = skipQuoted(text, i, ch, lineAt);
      continue;
    }
    if (ch === '$') {
      const heredoc = HEREDOC_TAG.exec(text.slice(i, i + 66));
      if (heredoc) {
        const close = text.indexOf(heredoc[0], i + heredoc[0].length);
        if (close < 0) throw new SqlSplitError(`unterminated heredoc ${heredoc[0]}`, lineAt(i));
        i = close + heredoc[0].length;
        continue;
      }
    }
    i += 1;
  }
  finish(text.length);
  return statements;
}

function isLineComment(ch: string, next: string | undefined): boolean {
  return (ch === '-' && next === '-') || (ch === '#' && (next === '!' || next === ' ' || next === '\t'));
}

function endOfLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline + 1;
}

/** True when only spaces, tabs or a line comment follow `from` up to the end of the line. */
function endsLine(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i += 1;
  if (i >= text.length || text[i] === '\n') return true;
  return isLineComment(text[i]!, text[i + 1]);
}

function skipBlockComment(text: string, from: number, lineAt: (pos: number) => number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth += 1;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  throw new SqlSplitError('unterminated /* comment', lineAt(from));
}

/** Skips a quoted string or identifier; a backslash escapes any character, a doubled quote is a quote. */
function skipQuoted(text: string, from: number, quote: string, lineAt: (pos: number) => number): number {
  let i = from + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') {
      i += 2;
    } else if (ch === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  const what = quote === "'" ? 'string' : 'quoted identifier';
  throw new SqlSplitError(`unterminated ${what} starting with ${quote}`, lineAt(from));
}

function countLines(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos; i += 1) if (text[i] === '\n') line += 1;
  return line;
}
