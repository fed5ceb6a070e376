/**
 * Incremental CSV parsing (csv-parse) that hands back, for each chunk of bytes, the rows it
 * completed with the line each starts on — and the rows before a syntax error as well as the
 * error. (As a stream, csv-parse drops the records it had buffered when it fails.) The caller
 * writes the next chunk only after handling the rows of the previous one, which is how an upload
 * is paused while rows are being recorded.
 */
import { parse, type Parser } from 'csv-parse';
import { finished } from 'node:stream/promises';

export interface CsvRow {
  readonly cells: string[];
  /** Line where the row starts; the first line of the file is 1. */
  readonly line: number;
}

export interface CsvChunkResult {
  readonly rows: CsvRow[];
  /** A syntax error after `rows`: no more rows can be read. */
  readonly error: Error | null;
}

/** Longest record the parser accepts, in characters (bounds memory on a runaway quote). */
export const MAX_RECORD_CHARS = 256 * 1024;

export class CsvReader {
  private readonly parser: Parser;
  private rows: CsvRow[] = [];
  private error: Error | null = null;
  private prevEnd = 0;
  private prevEmpty = 0;
  private overcount = 0;

  constructor() {
    this.parser = parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
      // Rows are taken here, synchronously while a chunk is parsed, and never queued in the stream.
      on_record: (record: string[], ctx) => {
        // The parser counts the line a record ends on, but counts a CRLF inside a quoted cell
        // as two lines; a record starts after the previous one and the empty lines skipped since.
        for (const cell of record) this.overcount += cell.split('\r\n').length - 1;
        this.rows.push({ cells: record, line: this.prevEnd + 1 + (ctx.empty_lines - this.prevEmpty) });
        this.prevEnd = ctx.lines - this.overcount;
        this.prevEmpty = ctx.empty_lines;
        return null;
      },
    });
    this.parser.on('error', (err: Error) => (this.error ??= err));
    this.parser.resume();
  }

  /** Parses one chunk; resolves with the rows it completed (and the error that stopped it). */
  async write(chunk: Buffer | string): Promise<CsvChunkResult> {
    if (!this.error) {
      await new Promise<void>((resolve) =>
        this.parser.write(chunk, (err) => {
          if (err) this.error ??= err;
          resolve();
        }),
      );
    }
    return this.take();
  }

  /** The end of the input: the last row, or the error of an unfinished one (an unclosed quote). */
  async end(): Promise<CsvChunkResult> {
    if (!this.error) {
      this.parser.end();
      await finished(this.parser).catch((err: Error) => (this.error ??= err));
    }
    return this.take();
  }

  private take(): CsvChunkResult {
    const rows = this.rows;
    this.rows = [];
    return { rows, error: this.error };
  }
}
