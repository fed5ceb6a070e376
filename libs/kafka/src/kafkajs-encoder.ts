/**
 * An opt-in speed-up of kafkajs 2.2.4 (its last release), installed by `installKafkajsEncoder()`:
 * importing this module changes nothing. Services install it in one place, at the start of
 * `runService` (libs/platform/src/run-service.ts), before kafkajs loads its producer and fetch
 * modules; tests and tools that do not call it run kafkajs as published. What it replaces:
 *
 * - kafkajs builds every record, and every header of every record, with a fresh `Encoder` whose
 *   constructor zero-fills a 512-byte buffer of its own (`Buffer.alloc`). The encoder only ever
 *   hands out the bytes it wrote (`buffer` is `buf[0, offset)`), so the constructor is made to
 *   allocate nothing and `ensureAvailable` to take `Buffer.allocUnsafe` slices, growing by doubling.
 * - `encodeRecord` writes a record (one encoder per header in kafkajs, varints through temporary
 *   arrays, the timestamp through 64-bit `Long` arithmetic) in one pass into one buffer sized up
 *   front; the producer's request module takes it from the module cache.
 * - `decodeRecord` reads a fetched record without `Long` arithmetic and without copying the
 *   headers object per header; the batch decoder takes it from the module cache.
 *
 * The bytes on the wire and the decoded records are unchanged (kafka.spec.ts compares them with
 * kafkajs's own functions); input it was not written for goes to kafkajs's own functions. It applies
 * only to the kafkajs version and module shapes it was written for, and does nothing otherwise.
 * Measured with `npm run bench:ingest` (listen's CPU per event, raw topic → recorded). To drop it:
 * delete this file, its export in index.ts and the call in run-service.ts.
 */
import { createRequire } from 'node:module';

interface EncoderInstance {
  buf: Buffer;
  offset: number;
  ensureAvailable(length: number): void;
}

interface EncoderClass {
  nextPowerOfTwo(value: number): number;
  readonly prototype: EncoderInstance;
}

const PATCHED_VERSION = '2.2.4';
/** Room for a header (key and value of a few dozen bytes) without growing. */
const MIN_BYTES = 128;

const load = createRequire(__filename);

function encoderClass(): EncoderClass | null {
  const version = (load('kafkajs/package.json') as { version: string }).version;
  if (version !== PATCHED_VERSION) return null;
  const cls = load('kafkajs/src/protocol/encoder') as Partial<EncoderClass> | undefined;
  if (typeof cls?.nextPowerOfTwo !== 'function' || typeof cls.prototype?.ensureAvailable !== 'function') {
    return null;
  }
  return cls as EncoderClass;
}

function nextPowerOfTwo(value: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(value, 1)));
}

let restore: (() => void) | null = null;

/** What kafkajs's `Record` (recordBatch/record/v0) takes. */
export interface RecordInput {
  readonly offsetDelta?: number;
  readonly timestampDelta?: number;
  readonly key?: unknown;
  readonly value?: unknown;
  readonly headers?: Record<string, unknown>;
}

type RecordFn = (r: RecordInput) => unknown;

const RECORD_MODULE = 'kafkajs/src/protocol/recordBatch/record/v0';
const PRODUCE_MODULE = 'kafkajs/src/protocol/requests/produce/v3/request';

/** kafkajs's own record encoder, as loaded before the patch. */
export function originalRecordEncoder(): RecordFn {
  const mod = load.cache[load.resolve(RECORD_MODULE)];
  const own = recordRestore ? originalRecord : (mod?.exports as RecordFn | undefined);
  return own ?? (load(RECORD_MODULE) as RecordFn);
}

let originalRecord: RecordFn | null = null;
let recordRestore: (() => void) | null = null;
let encoderPrototype: object | null = null;

/** Bytes of an unsigned LEB128 varint (values below 2^53). */
function uvarintSize(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function writeUvarint(buf: Buffer, at: number, v: number): number {
  while (v >= 128) {
    buf[at++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  buf[at++] = v;
  return at;
}

/** Zig-zag, as Kafka's varint and varlong: 0, -1, 1, -2 → 0, 1, 2, 3. */
const zigzag = (v: number): number => (v >= 0 ? v * 2 : -v * 2 - 1);

const isBytes = (v: unknown): v is string | Buffer => typeof v === 'string' || Buffer.isBuffer(v);
const byteLength = (v: string | Buffer): number =>
  typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v.length;

/** Header lengths of the record being encoded (reused: encoding is synchronous). */
const lengths: number[] = [];

/**
 * One record as kafkajs's `Record` encodes it (Kafka record format v2: length, attributes,
 * timestamp delta, offset delta, key, value, headers), byte for byte, in one buffer; returned as
 * a kafkajs Encoder holding it, which is what the record batch expects.
 */
export function encodeRecord(r: RecordInput): unknown {
  const { offsetDelta = 0, timestampDelta = 0, key, value, headers = {} } = r;
  if (
    !Number.isSafeInteger(timestampDelta) ||
    Math.abs(timestampDelta) > 2 ** 51 ||
    !Number.isInteger(offsetDelta) ||
    offsetDelta < 0 ||
    offsetDelta > 0x3fffffff ||
    !(key == null || isBytes(key)) ||
    !(value == null || isBytes(value)) ||
    !encoderPrototype
  ) {
    return originalRecordEncoder()(r);
  }
  const names = Object.keys(headers);
  let size = 1 + uvarintSize(zigzag(timestampDelta)) + uvarintSize(zigzag(offsetDelta));
  const keyLen = key == null ? -1 : byteLength(key);
  const valueLen = value == null ? -1 : byteLength(value);
  size += keyLen < 0 ? 1 : uvarintSize(keyLen * 2) + keyLen;
  size += valueLen < 0 ? 1 : uvarintSize(valueLen * 2) + valueLen;
  size += uvarintSize(names.length * 2);
  for (let i = 0; i < names.length; i++) {
    const v = headers[names[i]];
    if (!isBytes(v)) return originalRecordEncoder()(r);
    const kl = Buffer.byteLength(names[i], 'utf8');
    const vl = byteLength(v);
    lengths[2 * i] = kl;
    lengths[2 * i + 1] = vl;
    size += uvarintSize(kl * 2) + kl + uvarintSize(vl * 2) + vl;
  }
  const total = uvarintSize(size * 2) + size;
  const buf = Buffer.allocUnsafe(total);
  let at = writeUvarint(buf, 0, size * 2);
  buf[at++] = 0; // attributes: none used
  at = writeUvarint(buf, at, zigzag(timestampDelta));
  at = writeUvarint(buf, at, zigzag(offsetDelta));
  const bytes = (v: string | Buffer | null | undefined, len: number) => {
    if (v == null) {
      buf[at++] = 1; // zig-zag of -1: null
      return;
    }
    at = writeUvarint(buf, at, len * 2);
    at += typeof v === 'string' ? buf.write(v, at, len, 'utf8') : v.copy(buf, at);
  };
  bytes(key, keyLen);
  bytes(value, valueLen);
  at = writeUvarint(buf, at, names.length * 2);
  for (let i = 0; i < names.length; i++) {
    at = writeUvarint(buf, at, lengths[2 * i] * 2);
    at += buf.write(names[i], at, lengths[2 * i], 'utf8');
    bytes(headers[names[i]] as string | Buffer, lengths[2 * i + 1]);
  }
  if (at !== total) return originalRecordEncoder()(r);
  const encoder = Object.create(encoderPrototype) as EncoderInstance;
  encoder.buf = buf;
  encoder.offset = total;
  return encoder;
}

const DECODER_MODULE = 'kafkajs/src/protocol/recordBatch/record/v0/decoder';
const BATCH_DECODER_MODULE = 'kafkajs/src/protocol/recordBatch/v0/decoder';
const LOG_APPEND_TIME = 1;

/** What kafkajs's record decoder reads from: a Decoder over one record's bytes. */
export interface RecordSource {
  readonly buffer: Buffer;
  offset: number;
}

/** The batch context kafkajs passes to its record decoder (int64 values as decimal strings). */
export interface RecordContext {
  readonly firstOffset?: string;
  readonly firstTimestamp?: string;
  readonly maxTimestamp?: string;
  readonly magicByte?: number;
  readonly isControlBatch?: boolean;
  readonly timestampType?: number;
}

type DecodeFn = (d: RecordSource, ctx?: RecordContext) => unknown;
let originalDecoder: DecodeFn | null = null;
let decoderRestore: (() => void) | null = null;

/** kafkajs's own record decoder, as loaded before the patch. */
export function originalRecordDecoder(): DecodeFn {
  return (decoderRestore ? originalDecoder : null) ?? (load(DECODER_MODULE) as DecodeFn);
}

/** Cursor of `readUvarint` (decoding is synchronous). */
let pos = 0;

/** An unsigned LEB128 varint at `pos`, or -1 past 2^53 (left to kafkajs's Long arithmetic). */
function readUvarint(buf: Buffer): number {
  let v = 0;
  let scale = 1;
  for (;;) {
    const b = buf[pos++];
    if (b === undefined) throw new RangeError('record ends inside a varint');
    v += (b & 127) * scale;
    if (b < 128) return v;
    scale *= 128;
    if (scale > 2 ** 49) return -1;
  }
}

const unzigzag = (v: number): number => (v % 2 === 0 ? v / 2 : -(v + 1) / 2);

/**
 * One record as kafkajs's record decoder returns it — timestamp and offset as decimal strings,
 * key and value as views of the fetched buffer, headers by name (a repeated name as an array) —
 * without the 64-bit `Long` arithmetic for the two numbers and without the copy of the headers
 * object per header that kafkajs makes (ten headers: ten objects of up to ten properties).
 */
export function decodeRecord(d: RecordSource, ctx: RecordContext = {}): unknown {
  const { firstOffset, firstTimestamp, maxTimestamp, magicByte, isControlBatch = false, timestampType } = ctx;
  const baseOffset = Number(firstOffset);
  const baseTime = Number(firstTimestamp);
  if (!Number.isSafeInteger(baseOffset) || !Number.isSafeInteger(baseTime))
    return originalRecordDecoder()(d, ctx);
  const buf = d.buffer;
  pos = d.offset;
  const attributes = buf.readInt8(pos++);
  const timeDelta = readUvarint(buf);
  if (timeDelta < 0) return originalRecordDecoder()(d, ctx);
  const offsetDelta = unzigzag(readUvarint(buf));
  const bytes = (): Buffer | null => {
    const len = unzigzag(readUvarint(buf));
    if (len === -1) return null;
    const start = pos;
    pos += len;
    if (pos > buf.length) throw new RangeError('record ends inside a field');
    return buf.slice(start, pos);
  };
  const key = bytes();
  const value = bytes();
  const count = unzigzag(readUvarint(buf));
  const headers: Record<string, Buffer | null | (Buffer | null)[]> = {};
  for (let i = 0; i < count; i++) {
    const name = bytes();
    const v = bytes();
    const k = name === null ? 'null' : name.toString('utf8');
    if (k === '__proto__') return originalRecordDecoder()(d, ctx);
    const had = headers[k];
    headers[k] = had === undefined ? v : Array.isArray(had) ? had.concat([v]) : [had, v];
  }
  d.offset = pos;
  const timestamp =
    timestampType === LOG_APPEND_TIME && maxTimestamp ? maxTimestamp : String(baseTime + unzigzag(timeDelta));
  return {
    magicByte,
    attributes,
    timestamp,
    offset: String(baseOffset + offsetDelta),
    key,
    value,
    headers,
    isControlRecord: isControlBatch,
    batchContext: ctx,
  };
}

/**
 * Replaces the function a kafkajs module exports, in the module cache, so that the modules loading
 * it from then on take `replacement`; `loadedBy` is the kafkajs module that captures it when it is
 * itself loaded (if it is already, the swap would not reach it, and nothing is done). Returns the
 * original and how to put it back, or null.
 */
function swapExport<F>(
  moduleId: string,
  loadedBy: string,
  replacement: F,
): { original: F; restore: () => void } | null {
  if (load.cache[load.resolve(loadedBy)]) return null;
  load(moduleId);
  const mod = load.cache[load.resolve(moduleId)];
  if (typeof mod?.exports !== 'function') return null;
  const original = mod.exports as F;
  mod.exports = replacement;
  return { original, restore: () => void (mod.exports = original) };
}

/** Puts `decodeRecord` where kafkajs's batch decoder loads its record decoder from. */
function patchRecordDecoder(): void {
  if (decoderRestore) return;
  const swap = swapExport<DecodeFn>(DECODER_MODULE, BATCH_DECODER_MODULE, decodeRecord);
  if (!swap) return;
  originalDecoder = swap.original;
  decoderRestore = () => {
    swap.restore();
    decoderRestore = null;
  };
}

/** Whether fetched records are decoded with `decodeRecord`. */
export function recordDecoderPatched(): boolean {
  return decoderRestore !== null;
}

/** Puts `encodeRecord` where kafkajs's producer loads its record encoder from. */
function patchRecordEncoder(Encoder: EncoderClass): void {
  if (recordRestore) return;
  encoderPrototype = Encoder.prototype;
  const swap = swapExport<RecordFn>(RECORD_MODULE, PRODUCE_MODULE, encodeRecord);
  if (!swap) return;
  originalRecord = swap.original;
  recordRestore = () => {
    swap.restore();
    recordRestore = null;
  };
}

/**
 * Installs the speed-up (idempotent; call it once at startup, before the first produce or fetch);
 * returns whether kafkajs's encoder is replaced.
 */
export function installKafkajsEncoder(): boolean {
  if (restore) return true;
  const Encoder = encoderClass();
  if (!Encoder) return false;
  const originalNext = Encoder.nextPowerOfTwo.bind(Encoder);
  const originalEnsure = Encoder.prototype.ensureAvailable;
  // The constructor is the only caller left of `nextPowerOfTwo`: its buffer starts empty.
  Encoder.nextPowerOfTwo = () => 0;
  Encoder.prototype.ensureAvailable = function ensureAvailable(this: EncoderInstance, length: number) {
    const needed = this.offset + length;
    if (needed <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(MIN_BYTES, nextPowerOfTwo(needed), this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.offset);
    this.buf = grown;
  };
  patchRecordEncoder(Encoder);
  patchRecordDecoder();
  restore = () => {
    Encoder.nextPowerOfTwo = originalNext;
    Encoder.prototype.ensureAvailable = originalEnsure;
    recordRestore?.();
    decoderRestore?.();
    restore = null;
  };
  return true;
}

/** Whether the producer encodes records with `encodeRecord`. */
export function recordEncoderPatched(): boolean {
  return recordRestore !== null;
}

/** Puts kafkajs back as it was (tests compare the two). */
export function uninstallKafkajsEncoder(): void {
  restore?.();
}
