/**
 * Default cap on one decoded message, compressed or not. Matches dubbo-go's 4 MiB receive limit,
 * the smallest of the peers (triple.md §3), so whatever we accept a Go provider would too.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Default cap on a header list: Java's HTTP/2 limit (triple.md §2, "Header limits"). */
export const DEFAULT_MAX_HEADER_LIST_BYTES = 32 * 1024;
