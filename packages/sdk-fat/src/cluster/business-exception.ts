import { JavaException } from '@dubbo-mesh/codec-triple';

/**
 * True for an exception the provider's own code threw (governance.md §6: Java's biz exception, code 3,
 * which rides inside the Result). The call did reach a working provider, so it is never retried, and
 * counts as a result rather than a failure. Checked by name as well as class, so a JavaException from a
 * second copy of codec-triple is recognised.
 */
export function isBusinessException(error: unknown): boolean {
  return error instanceof JavaException || (error instanceof Error && error.name === 'JavaException');
}
