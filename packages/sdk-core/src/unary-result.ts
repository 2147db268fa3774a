import { type Attachments, type IncomingHeaders, readAttachments } from '@dubbo-mesh/codec-triple';
import type { UnaryResponse } from './transport.js';

const NO_HEADERS: IncomingHeaders = {};

/**
 * A successful unary response whose header and trailer attachments are decoded on first access:
 * most callers never look at them, and decoding both on every call was the largest cost of our
 * own code in the unary profile (bench/README.md).
 */
export class UnaryResult implements UnaryResponse {
  readonly stream = false;
  private headerValue: Attachments | undefined;
  private trailerValue: Attachments | undefined;

  constructor(
    readonly message: unknown,
    private readonly rawHeaders: IncomingHeaders | undefined,
    private readonly rawTrailers: IncomingHeaders,
  ) {}

  get header(): Attachments {
    this.headerValue ??= readAttachments(
      this.rawHeaders && this.rawHeaders !== this.rawTrailers ? this.rawHeaders : NO_HEADERS,
    );
    return this.headerValue;
  }

  get trailer(): Attachments {
    this.trailerValue ??= readAttachments(this.rawTrailers);
    return this.trailerValue;
  }
}
