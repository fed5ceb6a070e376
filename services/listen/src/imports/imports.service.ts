/**
 * Bulk history: a CSV of feedback or interactions, streamed. The import runs while the request
 * uploads the file: rows are parsed as bytes arrive, validated one by one and recorded in batches
 * of IMPORT_BATCH through the same use cases as the JSON doors (FeedbackService.record,
 * InteractionsService.record); the parser pauses the upload while a batch is written, so memory
 * stays bounded whatever the file size. Progress is written after every batch (and every few
 * seconds) to `listen.imports`, so another request can follow it on `GET /v1/imports/:id`.
 *
 * Rows that fail validation are rejected with their line and reasons (the first
 * MAX_REJECTION_DETAILS kept in detail) and the import goes on. A broken header, or CSV syntax
 * the parser cannot resynchronise after (an unclosed quote), stops the import as `failed`; rows
 * recorded before stay recorded, and a corrected file can be sent again — recorded rows then
 * count as duplicates.
 */
import { Injectable, Logger } from '@nestjs/common';
import { Writable, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { CsvError } from 'csv-parse';
import {
  FeedbackDto,
  InteractionDto,
  storableText,
  validatePayload,
  type FieldProblem,
} from '@continuum/contracts';
import { FeedbackService } from '../feedback/feedback.service';
import { InteractionsService } from '../interactions/interactions.service';
import { CsvReader, type CsvChunkResult } from './csv-reader';
import { mapHeader, rowToPlain, type Column, type ImportKind } from './csv-rows';
import {
  ImportsRepository,
  type ImportCounters,
  type ImportReport,
  type RowRejection,
} from './imports.repository';

export const IMPORT_BATCH = 500;
export const MAX_REJECTION_DETAILS = 1000;
const HEARTBEAT_MS = 5000;

/** Why an import was refused or stopped, for the HTTP answer; `report` when it had started. */
export class ImportFailure extends Error {
  override readonly name = 'ImportFailure';
  constructor(
    readonly status: 400 | 409 | 500,
    readonly title: string,
    message: string,
    readonly errors: readonly FieldProblem[] = [],
    readonly report: ImportReport | null = null,
  ) {
    super(message);
  }
}

class HeaderRefused extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(`the header is not usable: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`);
  }
}

class UploadInterrupted extends Error {
  constructor() {
    super('the upload was interrupted before the end of the file');
  }
}

type Counters = { -readonly [K in keyof ImportCounters]: ImportCounters[K] };

@Injectable()
export class ImportsService {
  private readonly logger = new Logger('imports');

  constructor(
    private readonly feedback: FeedbackService,
    private readonly interactions: InteractionsService,
    private readonly repo: ImportsRepository,
  ) {}

  /** Runs the import to its end; resolves with the final report or rejects with an ImportFailure. */
  async run(tenantId: string, id: string, kind: ImportKind, source: Readable): Promise<ImportReport> {
    if (!(await this.repo.create(tenantId, id, kind))) {
      throw new ImportFailure(409, 'Conflict', `import ${id} exists already; choose another id`);
    }
    const c: Counters = { bytesRead: 0, rowsRead: 0, accepted: 0, duplicates: 0, rejected: 0 };
    let pending: RowRejection[] = [];
    let kept = 0;
    const reject = (line: number, plain: Record<string, unknown> | null, errors: readonly FieldProblem[]) => {
      c.rejected++;
      if (kept >= MAX_REJECTION_DETAILS) return;
      kept++;
      // A refused row's id and reasons are stored: what cannot be stored as text is replaced.
      pending.push({
        line,
        id: typeof plain?.id === 'string' ? storableText(plain.id) : null,
        errors: errors.map((e) => ({ field: storableText(e.field), reason: storableText(e.reason) })),
      });
    };
    const takeRejections = () => {
      const out = pending;
      pending = [];
      return out;
    };

    let batch: object[] = [];
    const flush = async () => {
      if (batch.length > 0) {
        const results =
          kind === 'feedback'
            ? await this.feedback.record(batch.map((dto) => ({ tenantId, dto: dto as FeedbackDto })))
            : await this.interactions.record(batch.map((dto) => ({ tenantId, dto: dto as InteractionDto })));
        const dup = results.filter((r) => r.status === 'duplicate').length;
        c.accepted += results.length - dup;
        c.duplicates += dup;
        batch = [];
      }
      await this.repo.progress(tenantId, id, c, takeRejections());
    };

    const dto = kind === 'feedback' ? FeedbackDto : InteractionDto;
    let columns: Column[] | null = null;
    const handle = async ({ rows, error }: CsvChunkResult) => {
      for (const { cells, line } of rows) {
        if (columns === null) {
          const h = mapHeader(kind, cells);
          if (!h.ok) throw new HeaderRefused(h.problems);
          columns = h.columns;
          continue;
        }
        c.rowsRead++;
        if (cells.length !== columns.length) {
          reject(line, null, [
            {
              field: '(row)',
              reason: `expected ${columns.length} cells as in the header, got ${cells.length}`,
            },
          ]);
          continue;
        }
        const plain = rowToPlain(columns, cells);
        const v = validatePayload<object>(dto, plain);
        if (!v.ok) {
          reject(line, plain, v.problems);
          continue;
        }
        batch.push(v.value);
        if (batch.length >= IMPORT_BATCH) await flush();
      }
      if (error) {
        // The valid rows read before a syntax error are recorded: nothing valid is lost.
        await flush();
        throw error;
      }
    };

    const reader = new CsvReader();
    // The chunk being handled: a cut upload waits for it before recording what was read.
    let inflight: Promise<void> = Promise.resolve();
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        c.bytesRead += chunk.length;
        inflight = reader.write(chunk).then(handle);
        inflight.then(() => done(), done);
      },
      final(done) {
        reader
          .end()
          .then(handle)
          .then(() => {
            if (columns === null)
              throw new HeaderRefused([
                { field: '(file)', reason: 'the file is empty: the first line must be the header' },
              ]);
            return flush();
          })
          .then(() => done(), done);
      },
    });
    let ended = false;
    const onEnd = () => (ended = true);
    // Any error of the request stream is the upload's (client gone, connection reset).
    const onError = () => sink.destroy(new UploadInterrupted());
    const onClose = () => {
      if (!ended) sink.destroy(new UploadInterrupted());
    };
    source.once('end', onEnd);
    source.once('error', onError);
    source.once('close', onClose);
    let beat: Promise<void> = Promise.resolve();
    const heartbeat = setInterval(() => {
      beat = this.repo
        .progress(tenantId, id, c)
        .catch((err: unknown) => this.logger.warn(`import ${id}: ${String(err)}`));
    }, HEARTBEAT_MS);
    const stopHeartbeat = async () => {
      clearInterval(heartbeat);
      await beat;
    };
    try {
      source.pipe(sink);
      await finished(sink);
      await stopHeartbeat();
      await this.repo.finish(tenantId, id, 'completed', c, takeRejections(), null);
      return (await this.repo.findOne(tenantId, id))!;
    } catch (err) {
      if (err instanceof UploadInterrupted) {
        // The complete rows received before the cut are valid: record them.
        await inflight.catch(() => undefined);
        await flush().catch(() => undefined);
      }
      await stopHeartbeat();
      throw await this.fail(tenantId, id, c, takeRejections(), err);
    } finally {
      clearInterval(heartbeat);
      source.unpipe(sink);
      source.off('end', onEnd);
      source.off('error', onError);
      source.off('close', onClose);
      // Read and drop what is left of a refused upload, so the answer can still be sent.
      if (!ended && !source.destroyed) source.resume();
    }
  }

  private async fail(
    tenantId: string,
    id: string,
    c: Counters,
    rejections: RowRejection[],
    err: unknown,
  ): Promise<ImportFailure> {
    let failure: ImportFailure;
    if (err instanceof HeaderRefused) {
      failure = new ImportFailure(
        400,
        'Invalid CSV header',
        storableText(err.message),
        err.problems.map((e) => ({ field: storableText(e.field), reason: storableText(e.reason) })),
      );
    } else if (err instanceof CsvError) {
      const line = (err as { lines?: unknown }).lines;
      failure = new ImportFailure(
        400,
        'Invalid CSV',
        `CSV syntax error, import stopped: ${storableText(err.message)}`,
        [{ field: typeof line === 'number' ? `line ${line}` : '(body)', reason: storableText(err.message) }],
      );
    } else if (err instanceof UploadInterrupted) {
      failure = new ImportFailure(400, 'Upload interrupted', err.message);
    } else {
      this.logger.error(err instanceof Error ? err : String(err));
      failure = new ImportFailure(500, 'Import failed', 'the import stopped on an internal error');
    }
    try {
      await this.repo.finish(tenantId, id, 'failed', c, rejections, failure.message);
      return new ImportFailure(
        failure.status,
        failure.title,
        failure.message,
        failure.errors,
        await this.repo.findOne(tenantId, id),
      );
    } catch (e) {
      this.logger.error(`import ${id}: could not record its failure: ${String(e)}`);
      return failure;
    }
  }
}
