/**
 * What can go wrong when refreshing, as values. Every variant renders as one
 * line that never contains a token: decode messages describe strings instead of
 * quoting them, and server-supplied text is redacted of the token we sent.
 */
import type { ApiError, DecodeError } from '../../contracts/index.js';

/**
 * The provider answered with an error status (4xx/5xx), whatever its body; or
 * another non-2xx status with an `Error` body.
 */
export interface HttpError {
  readonly _tag: 'HttpError';
  readonly status: number;
  /** The body's errors when it decodes as an `ErrorBody` (possibly none); else empty. */
  readonly errors: readonly ApiError[];
  /** From `Retry-After` (delay-seconds, or an HTTP-date turned into seconds from now). */
  readonly retryAfterSeconds?: number;
  /** Why the body added no errors: not JSON, not an `ErrorBody`, cut short... */
  readonly bodyProblem?: DecodeError;
}

/**
 * The response broke the contract: a 2xx that is no token set (not JSON, wrong
 * shape, wrong content type, cut short), or a 1xx/3xx whose body is no `ErrorBody`.
 */
export interface ContractError {
  readonly _tag: 'ContractError';
  readonly status: number;
  readonly decodeError: DecodeError;
}

/** No response: connection refused or reset, DNS failure, unusable URL. */
export interface NetworkError {
  readonly _tag: 'NetworkError';
  /** The system error code when there is one (`ECONNREFUSED`, `ECONNRESET`, ...). */
  readonly code?: string;
  readonly message: string;
}

/** No complete response (headers and body) within `timeoutMs`. */
export interface TimeoutError {
  readonly _tag: 'TimeoutError';
  readonly timeoutMs: number;
}

/** The caller aborted through the `signal` it passed; nothing more is awaited. */
export interface AbortedError {
  readonly _tag: 'AbortedError';
}

export type RefreshError = HttpError | ContractError | NetworkError | TimeoutError | AbortedError;

export const httpError = (
  status: number,
  errors: readonly ApiError[],
  retryAfterSeconds?: number,
  bodyProblem?: DecodeError,
): HttpError => ({
  _tag: 'HttpError',
  status,
  errors,
  ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  ...(bodyProblem === undefined ? {} : { bodyProblem }),
});

export const contractError = (status: number, decodeError: DecodeError): ContractError => ({
  _tag: 'ContractError',
  status,
  decodeError,
});

export const networkError = (message: string, code?: string): NetworkError =>
  code === undefined ? { _tag: 'NetworkError', message } : { _tag: 'NetworkError', code, message };

export const timeoutError = (timeoutMs: number): TimeoutError => ({
  _tag: 'TimeoutError',
  timeoutMs,
});

export const abortedError: AbortedError = { _tag: 'AbortedError' };

/**
 * The stored refresh token is no good (malformed, unknown, expired, rotated,
 * client suspended): refreshing again with it cannot succeed; the user must
 * authorize the connection again.
 */
export const requiresReauthorization = (error: RefreshError): boolean =>
  error._tag === 'HttpError' &&
  (error.status === 400 || error.status === 401 || error.status === 403);

/** A 429: the refresh token was not consumed, so trying again later is safe. */
export const isRateLimited = (error: RefreshError): error is HttpError =>
  error._tag === 'HttpError' && error.status === 429;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

const renderApiError = (e: ApiError) =>
  `${e.code}${e.source === undefined ? '' : ` at ${e.source}`}: ${e.detail}`;

/** One line, for logs and user messages. Never contains a token value. */
export const renderRefreshError = (error: RefreshError): string => {
  switch (error._tag) {
    case 'HttpError': {
      const retry =
        error.retryAfterSeconds === undefined ? '' : ` (retry after ${error.retryAfterSeconds} s)`;
      const body =
        error.bodyProblem === undefined
          ? ''
          : ` (unreadable error body: ${error.bodyProblem.message})`;
      return oneLine(
        `token refresh failed: HTTP ${error.status} ${error.errors.map(renderApiError).join('; ')}${body}${retry}`,
      );
    }
    case 'ContractError':
      return oneLine(
        `token refresh failed: the HTTP ${error.status} response breaks the contract: ${error.decodeError.message}`,
      );
    case 'NetworkError':
      return oneLine(
        `token refresh failed: network error${error.code === undefined ? '' : ` ${error.code}`}: ${error.message}`,
      );
    case 'TimeoutError':
      return `token refresh failed: no complete response within ${error.timeoutMs} ms`;
    case 'AbortedError':
      return 'token refresh failed: aborted by the caller';
  }
};

/** Replaces every occurrence of `secret` in `text`; empty secrets change nothing. */
export const redact = (text: string, secret: string): string =>
  secret === '' ? text : text.split(secret).join('[redacted]');
