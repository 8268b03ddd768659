// RFC 4180 CSV, read chunk by chunk so a large file is never held in memory: fields separated by
// commas, quoted with double quotes ("" is a quote inside), quoted fields may hold commas and line
// breaks, records end with LF or CRLF, and a UTF-8 byte order mark at the start is dropped (Excel
// writes one). Each record carries the line it starts on, for error reports.

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
}

export class CsvParser {
  private field = '';
  private fields: string[] = [];
  private quoted = false;
  /** Just read a quote inside a quoted field: either the end of the field or the first of "". */
  private quoteSeen = false;
  private fieldStarted = false;
  private line = 1;
  private recordLine = 1;
  private started = false;
  private pendingCr = false;

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (const ch of text) this.read(ch, out);
    return out;
  }

  end(): CsvRecord[] {
    if (this.quoted && !this.quoteSeen) {
      throw new CsvSyntaxError(`line ${this.recordLine}: a quoted field is not closed before the end of the file`);
    }
    const out: CsvRecord[] = [];
    this.pendingCr = false;
    if (this.fieldStarted || this.fields.length > 0) this.endRecord(out);
    return out;
  }

  private read(ch: string, out: CsvRecord[]): void {
    if (this.pendingCr) {
      this.pendingCr = false;
      if (ch === '\n') return;
    }
    if (this.quoted) {
      if (this.quoteSeen) {
        this.quoteSeen = false;
        if (ch === '"') {
          this.field += '"';
          return;
        }
        this.quoted = false;
      } else {
        if (ch === '"') this.quoteSeen = true;
        else {
          if (ch === '\n') this.line += 1;
          this.field += ch;
        }
        return;
      }
    }
    if (ch === ',') {
      this.fields.push(this.field);
      this.field = '';
      this.fieldStarted = true;
    } else if (ch === '\n' || ch === '\r') {
      this.pendingCr = ch === '\r';
      if (this.fieldStarted || this.fields.length > 0) this.endRecord(out);
      this.line += 1;
      this.recordLine = this.line;
    } else if (ch === '"' && this.field === '') {
      this.quoted = true;
      this.fieldStarted = true;
    } else if (ch === '"') {
      throw new CsvSyntaxError(`line ${this.line}: a quote inside an unquoted field (quote the whole field)`);
    } else {
      this.field += ch;
      this.fieldStarted = true;
    }
  }

  private endRecord(out: CsvRecord[]): void {
    this.fields.push(this.field);
    out.push({ line: this.recordLine, fields: this.fields });
    this.field = '';
    this.fields = [];
    this.fieldStarted = false;
  }
}

/** The records of a text stream (a file read as UTF-8), one at a time; blank lines are skipped. */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord, void, undefined> {
  const parser = new CsvParser();
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}
