/**
 * What the client tells a logger: one event per attempt, made of numbers and
 * tags only, so that no token can reach a log by construction.
 */
import type { RefreshError } from './errors.js';

export interface RefreshAttemptLog {
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly outcome: 'Success' | RefreshError['_tag'];
  /** The HTTP status, when a response arrived. */
  readonly status?: number;
  readonly durationMs: number;
  /** Another attempt follows after this many ms. */
  readonly retryInMs?: number;
  /** A 429 asked for a longer wait than `maxDelayMs`: no further attempt. */
  readonly retryAfterAboveCap?: boolean;
}

export type RefreshLogger = (event: RefreshAttemptLog) => void;

/** One line per event, e.g. `token refresh attempt 1/3: HttpError 429 in 12 ms; retrying in 1000 ms`. */
export const renderAttemptLog = (event: RefreshAttemptLog): string => {
  const status = event.status === undefined ? '' : ` ${event.status}`;
  const next =
    event.retryInMs !== undefined
      ? `; retrying in ${event.retryInMs} ms`
      : event.retryAfterAboveCap === true
        ? '; Retry-After exceeds the maximum delay, giving up'
        : '';
  return `token refresh attempt ${event.attempt}/${event.maxAttempts}: ${event.outcome}${status} in ${event.durationMs} ms${next}`;
};
