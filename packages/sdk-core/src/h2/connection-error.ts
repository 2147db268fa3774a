/**
 * A violation that ends the whole connection (RFC 9113 §5.4.1): the session sends GOAWAY with
 * `code` and fails its streams. Stream-level problems reset one stream instead and never throw this.
 */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  constructor(
    /** The HTTP/2 error code for the GOAWAY. */
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
