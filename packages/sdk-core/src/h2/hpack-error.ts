/**
 * A header block that cannot be decoded, or a header block we were asked to produce that HPACK
 * cannot express. For a received block this is an HTTP/2 COMPRESSION_ERROR (RFC 9113 §4.3): the
 * decoder's dynamic table may now differ from the peer's, so the caller must close the connection.
 */
export class HpackError extends Error {
  /** HTTP/2 error code name the caller sends in GOAWAY. */
  readonly code = 'COMPRESSION_ERROR';

  constructor(message: string) {
    super(`HPACK: ${message}`);
    this.name = 'HpackError';
  }
}
