/**
 * kafkajs 2.2.4 (its last release) builds every record, and every header of every record, with a
 * fresh `Encoder` whose constructor zero-fills a 512-byte buffer of its own (`Buffer.alloc`): an
 * event with ten CloudEvents headers costs eleven such buffers, a few kilobytes of zeroed
 * off-heap memory per event that the garbage collector then has to sweep. The encoder only ever
 * hands out the bytes it wrote (`buffer` is `buf[0, offset)`), so pooled, unzeroed memory is as
 * safe: this patch makes the constructor allocate nothing and lets `ensureAvailable` take
 * `Buffer.allocUnsafe` slices (small ones come from Node's shared pool), growing by doubling.
 * The bytes on the wire are unchanged (kafka.spec.ts compares them with the original's).
 *
 * It patches the shared class in place, so it holds whenever it runs, before or after kafkajs
 * was first loaded; it applies only to the kafkajs version and encoder shape it was written for.
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

/** Applies the patch (idempotent); returns whether kafkajs is patched. */
export function patchKafkajsEncoder(): boolean {
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
  restore = () => {
    Encoder.nextPowerOfTwo = originalNext;
    Encoder.prototype.ensureAvailable = originalEnsure;
    restore = null;
  };
  return true;
}

/** Puts kafkajs back as it was (tests compare the two). */
export function unpatchKafkajsEncoder(): void {
  restore?.();
}

patchKafkajsEncoder();
