import { Transform, TransformCallback } from 'node:stream';

/** One parsed CSV row with its 1-based line number (of the row's first line). */
export interface CsvRow {
  line: number;
  cells: string[];
}

/**
 * A streaming RFC 4180 parser: quoted cells with "" escapes and embedded newlines, CRLF or LF,
 * UTF-8 split across chunks. Emits CsvRow objects; blank lines are skipped. A byte limit stops
 * an upload that is larger than allowed without buffering it.
 */
export class CsvRows extends Transform {
  private cell = '';
  private cells: string[] = [];
  private quoted = false;
  private afterQuote = false;
  private line = 1;
  private rowLine = 1;
  private bytes = 0;
  private pendingCr = false;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly maxBytes = Number.MAX_SAFE_INTEGER) {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(new CsvTooLarge(this.maxBytes));
    try {
      this.consume(this.decoder.decode(chunk, { stream: true }));
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.consume(this.decoder.decode());
      if (this.quoted) throw new CsvSyntaxError(this.rowLine, 'a quoted cell is not closed');
      if (this.cell !== '' || this.cells.length) this.endRow();
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  private consume(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === '\n') continue;
      }
      if (this.quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            this.cell += '"';
            i++;
          } else {
            // closing, unless the next chunk starts with the second quote of an escape (see afterQuote)
            this.quoted = false;
            this.afterQuote = true;
          }
        } else {
          if (c === '\n') this.line++;
          this.cell += c;
        }
        continue;
      }
      if (this.afterQuote && c === '"') {
        // "" split across chunks: an escaped quote inside the quoted cell
        this.cell += '"';
        this.quoted = true;
        this.afterQuote = false;
        continue;
      }
      if (c === ',') {
        this.cells.push(this.cell);
        this.cell = '';
        this.afterQuote = false;
      } else if (c === '\n' || c === '\r') {
        this.pendingCr = c === '\r';
        this.endRow();
        this.line++;
        this.rowLine = this.line;
      } else if (c === '"' && this.cell === '' && !this.afterQuote) {
        this.quoted = true;
      } else {
        if (this.afterQuote) throw new CsvSyntaxError(this.rowLine, 'text after a closing quote');
        this.cell += c;
      }
    }
  }

  private endRow(): void {
    this.cells.push(this.cell);
    const blank = this.cells.length === 1 && this.cells[0] === '';
    if (!blank) this.push({ line: this.rowLine, cells: this.cells } satisfies CsvRow);
    this.cells = [];
    this.cell = '';
    this.afterQuote = false;
  }
}

/** The upload is larger than the limit. */
export class CsvTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the CSV upload is larger than ${maxBytes} bytes`);
  }
}

/** The CSV cannot be parsed at a line. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`CSV line ${line}: ${detail}`);
  }
}
