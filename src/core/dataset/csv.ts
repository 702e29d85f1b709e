/**
 * CSV/TSV rows from text that arrives in chunks (RFC 4180: quoted fields may hold the separator,
 * line breaks and doubled quotes). Each row comes with the line it starts on. A field that grows
 * past `maxField` characters is cut off and its row reported, so one runaway quote cannot hold
 * the whole file in memory.
 */
export interface CsvRow {
  line: number;
  fields: string[];
  /** Set when the row could not be read whole. */
  error?: string;
}

export class CsvReader {
  private field = '';
  private fields: string[] = [];
  private quoted = false;
  /** Inside quotes: a quote was just seen (the next character decides: "" or the end). */
  private quote = false;
  private line = 1;
  private rowLine = 1;
  private rowStarted = false;
  private overflow = false;
  private lastWasCr = false;

  constructor(
    private readonly separator: string,
    private readonly maxField = 64 * 1024 * 1024,
  ) {}

  push(chunk: string): CsvRow[] {
    const rows: CsvRow[] = [];
    let start = 0;
    const flushPlain = (to: number) => {
      if (to > start) this.append(chunk.slice(start, to));
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.quoted) {
        if (this.quote) {
          this.quote = false;
          if (c === '"') {
            this.append('"');
            start = i + 1;
            continue;
          }
          this.quoted = false; // the closing quote; fall through to read c unquoted
        } else if (c === '"') {
          flushPlain(i);
          this.quote = true;
          start = i + 1;
          continue;
        } else {
          if (c === '\n') this.line++;
          continue;
        }
      }
      if (c === '"' && this.field === '' && start === i) {
        this.quoted = true;
        this.rowStarted = true;
        start = i + 1;
        continue;
      }
      if (c === this.separator) {
        flushPlain(i);
        this.endField();
        start = i + 1;
      } else if (c === '\n' || c === '\r') {
        flushPlain(i);
        const crlf = c === '\n' && this.lastWasCr;
        this.lastWasCr = c === '\r';
        start = i + 1;
        if (crlf) continue;
        const row = this.endRow();
        if (row) rows.push(row);
        this.line++;
        this.rowLine = this.line;
        continue;
      } else {
        this.rowStarted = true;
      }
      this.lastWasCr = false;
    }
    flushPlain(chunk.length);
    return rows;
  }

  /** The last row, if the text did not end with a line break; an open quote is reported. */
  end(): CsvRow[] {
    if (this.quoted && !this.quote) {
      const row: CsvRow = { line: this.rowLine, fields: [], error: 'a quoted field is never closed' };
      this.reset();
      return [row];
    }
    const row = this.endRow();
    return row ? [row] : [];
  }

  private append(text: string): void {
    if (this.overflow) return;
    if (this.field.length + text.length > this.maxField) {
      this.overflow = true;
      this.field = '';
      return;
    }
    this.field += text;
    this.rowStarted = true;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.quoted = false;
    this.quote = false;
    this.rowStarted = true;
  }

  private endRow(): CsvRow | undefined {
    if (!this.rowStarted && !this.fields.length && this.field === '') return undefined; // a blank line
    this.endField();
    const row: CsvRow = this.overflow ? { line: this.rowLine, fields: [], error: `a field is over ${this.maxField.toLocaleString('en-US')} characters` } : { line: this.rowLine, fields: this.fields };
    this.reset();
    return row;
  }

  private reset(): void {
    this.fields = [];
    this.field = '';
    this.quoted = false;
    this.quote = false;
    this.rowStarted = false;
    this.overflow = false;
  }
}
