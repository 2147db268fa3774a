/**
 * A usage or configuration error: a bad flag, an unreadable file, ARGS_JSON that does not fit. The
 * message names the flag, file or line; `main` prints it on stderr and exits 1 (cli.md "Output and exit
 * codes"). Everything the provider says back is an `RpcError` instead, and exits 2.
 */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}
