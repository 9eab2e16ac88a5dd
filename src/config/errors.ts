/**
 * How anything thrown reads in a message: an Error's message, anything else as a string. The
 * one formatter of the project's code (a `catch` hands over `unknown`); callers that show one
 * line take `firstLine`.
 */

/** What was thrown, as its message. */
export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** The first line of what was thrown: a message that goes on one line of output. */
export const firstLine = (error: unknown): string => errorMessage(error).split('\n')[0] ?? '';
