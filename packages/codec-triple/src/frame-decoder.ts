import { Code } from './code.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './limits.js';
import { RpcError } from './rpc-error.js';

/** One length-prefixed message as it came off the wire (triple.md §3). */
export interface Frame {
  /** Flag bit 0: the data is compressed with the stream's `grpc-encoding`. */
  compressed: boolean;
  /** The message bytes. Often a view into a pushed chunk, not a copy: do not mutate the chunk. */
  data: Buffer;
}

/** Options of {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Largest accepted length prefix; checked before any buffering. Default 4 MiB. */
  maxMessageBytes?: number;
}

const HEADER_BYTES = 5;
const EMPTY = Buffer.alloc(0);

/**
 * Splits a stream of DATA chunks into frames, whatever the chunking: a header split across chunks,
 * many frames in one chunk. A frame that lies within one chunk is returned as a view of it, without
 * copying; only a frame spread over several chunks is copied, once.
 *
 * Errors are sticky: after a throw, every later call throws the same RpcError, because the byte
 * stream has lost its framing and nothing after it can be trusted.
 */
export class FrameDecoder {
  private readonly maxMessageBytes: number;
  /** Chunks not yet consumed; bytes before `offset` in the first one are. */
  private readonly chunks: Buffer[] = [];
  private offset = 0;
  private buffered = 0;
  /** Length of the frame whose header is buffered and validated; -1 while no header is known. */
  private nextLength = -1;
  private nextCompressed = false;
  private failure: RpcError | undefined;

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (!Number.isSafeInteger(max) || max < 0) {
      throw new RpcError(Code.InvalidArgument, `maxMessageBytes must be a non-negative integer, got ${max}`);
    }
    this.maxMessageBytes = max;
  }

  /** Bytes received but not yet returned as a frame (a partial header or message). */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /**
   * Feeds one chunk; returns the frames it completes, in order (often none or one).
   * @throws RpcError ResourceExhausted for a length prefix above the limit, Internal for reserved flag bits.
   */
  push(chunk: Buffer): Frame[] {
    if (this.failure !== undefined) throw this.failure;
    const frames: Frame[] = [];
    if (this.buffered === 0) {
      this.scan(chunk, frames);
      return frames;
    }
    if (chunk.length === 0) return frames;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.nextLength < 0) {
        if (this.buffered < HEADER_BYTES) break;
        this.peekHeader();
      }
      if (this.buffered < HEADER_BYTES + this.nextLength) break;
      this.consume(HEADER_BYTES, undefined);
      frames.push({ compressed: this.nextCompressed, data: this.take(this.nextLength) });
      this.nextLength = -1;
    }
    return frames;
  }

  /**
   * Declares the end of the stream.
   * @throws RpcError Internal when a partial frame is buffered: the peer cut a message short.
   */
  finish(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.buffered > 0) {
      this.fail(new RpcError(Code.Internal, `stream ended inside a frame (${this.buffered} bytes buffered)`));
    }
  }

  /** Nothing buffered: frames are read straight out of the chunk, as views. */
  private scan(chunk: Buffer, frames: Frame[]): void {
    const end = chunk.length;
    let pos = 0;
    while (end - pos >= HEADER_BYTES) {
      const flag = chunk[pos]!;
      const length = chunk.readUInt32BE(pos + 1);
      this.check(flag, length);
      const start = pos + HEADER_BYTES;
      if (end - start < length) {
        this.nextLength = length;
        this.nextCompressed = flag === 1;
        break;
      }
      frames.push({ compressed: flag === 1, data: chunk.subarray(start, start + length) });
      pos = start + length;
    }
    if (pos < end) {
      this.chunks.push(chunk);
      this.offset = pos;
      this.buffered = end - pos;
    }
  }

  /** Reads and validates a header that may straddle chunks, leaving it buffered. */
  private peekHeader(): void {
    let flag: number;
    let length: number;
    const first = this.chunks[0]!;
    if (first.length - this.offset >= HEADER_BYTES) {
      flag = first[this.offset]!;
      length = first.readUInt32BE(this.offset + 1);
    } else {
      // Byte by byte across the chunks: no buffer to copy into, so a decoder allocates nothing
      // until a frame needs it (one allocation less per unary call than a reused 5-byte buffer).
      flag = 0;
      length = 0;
      let read = 0;
      for (let i = 0, from = this.offset; read < HEADER_BYTES; i++, from = 0) {
        const chunk = this.chunks[i]!;
        for (let j = from; j < chunk.length && read < HEADER_BYTES; j++, read++) {
          if (read === 0) flag = chunk[j]!;
          else length = length * 256 + chunk[j]!;
        }
      }
    }
    this.check(flag, length);
    this.nextLength = length;
    this.nextCompressed = flag === 1;
  }

  /** Validates a header before anything is buffered or allocated for its message. */
  private check(flag: number, length: number): void {
    // Java rejects reserved flag bits (triple.md §3); bit 0 is the only defined one.
    if (flag > 1) {
      this.fail(new RpcError(Code.Internal, `invalid frame flags 0x${flag.toString(16)}: reserved bits set`));
    }
    if (length > this.maxMessageBytes) {
      this.fail(
        new RpcError(
          Code.ResourceExhausted,
          `message of ${length} bytes exceeds the limit of ${this.maxMessageBytes} bytes`,
        ),
      );
    }
  }

  private fail(error: RpcError): never {
    this.failure = error;
    this.chunks.length = 0;
    this.buffered = 0;
    throw error;
  }

  /** Removes `length` bytes; a view when they sit in one chunk, else one copy. */
  private take(length: number): Buffer {
    if (length === 0) return EMPTY;
    const first = this.chunks[0]!;
    if (first.length - this.offset >= length) {
      const data = first.subarray(this.offset, this.offset + length);
      this.consume(length, undefined);
      return data;
    }
    const data = Buffer.allocUnsafe(length);
    this.consume(length, data);
    return data;
  }

  /** Drops `length` buffered bytes, copying them into `target` when given. */
  private consume(length: number, target: Buffer | undefined): void {
    this.buffered -= length;
    let done = 0;
    while (done < length) {
      const chunk = this.chunks[0]!;
      const n = Math.min(chunk.length - this.offset, length - done);
      if (target !== undefined) chunk.copy(target, done, this.offset, this.offset + n);
      done += n;
      this.offset += n;
      if (this.offset === chunk.length) {
        this.chunks.shift();
        this.offset = 0;
      }
    }
  }
}
