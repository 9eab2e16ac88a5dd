/**
 * How anything thrown reads in a message: an Error's message, anything else as a string. The
 * one formatter of the project's code (a `catch` hands over `unknown`); callers that show one
 * line take `firstLine`, callers that act on a system error take `errorCause` and `errorCode`.
 */

/** What was thrown, as its message. */
export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** The first line of what was thrown: a message that goes on one line of output. */
export const firstLine = (error: unknown): string => errorMessage(error).split('\n')[0] ?? '';

/**
 * The error under a wrapper, or the error itself: fetch rejects with `TypeError('fetch
 * failed')`, and the system error that says why is its cause.
 */
export const errorCause = (error: unknown): unknown =>
  error instanceof Error && error.cause instanceof Error ? error.cause : error;

/** A system error's code (`ECONNREFUSED`, `ENOENT`...), when it has one. */
export const errorCode = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
