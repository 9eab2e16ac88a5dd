/**
 * A fixed-window rate limiter keyed by a string (here: a token family). Small
 * and in memory: one provider process, one set of counters. Rejected attempts
 * are not counted, so a client that waits `retryAfterSeconds` gets through.
 */
import type { Clock } from './clock.js';

export interface RateLimit {
  /** Attempts allowed per key and window. */
  readonly limit: number;
  readonly windowSeconds: number;
}

export type RateDecision =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  /** `undefined` when the limiter lets everything through. */
  readonly settings: RateLimit | undefined;
  /** Counts one attempt for `key`, unless the key is over its limit. */
  readonly attempt: (key: string) => RateDecision;
  /** Forgets every counter. */
  readonly reset: () => void;
}

interface Window {
  readonly startedAt: number;
  count: number;
}

export const validRateLimit = (rate: RateLimit): boolean =>
  Number.isSafeInteger(rate.limit) &&
  rate.limit > 0 &&
  Number.isFinite(rate.windowSeconds) &&
  rate.windowSeconds > 0;

export const createRateLimiter = (rate: RateLimit, clock: Clock): RateLimiter => {
  if (!validRateLimit(rate)) {
    throw new RangeError(
      `rate limit: expected a positive whole limit and a positive window, got ${rate.limit} per ${rate.windowSeconds}s`,
    );
  }
  const windowMs = rate.windowSeconds * 1000;
  const windows = new Map<string, Window>();
  let lastSweep = clock.now();

  // Drop finished windows once per window length, so memory follows the
  // number of recently active keys rather than every key ever seen.
  const sweep = (now: number) => {
    if (now - lastSweep < windowMs) return;
    lastSweep = now;
    for (const [key, window] of windows) {
      if (now - window.startedAt >= windowMs) windows.delete(key);
    }
  };

  const attempt = (key: string): RateDecision => {
    const now = clock.now();
    sweep(now);
    const current = windows.get(key);
    if (current === undefined || now - current.startedAt >= windowMs) {
      windows.set(key, { startedAt: now, count: 1 });
      return { allowed: true, remaining: rate.limit - 1 };
    }
    if (current.count >= rate.limit) {
      const waitMs = current.startedAt + windowMs - now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    current.count += 1;
    return { allowed: true, remaining: rate.limit - current.count };
  };

  return { settings: rate, attempt, reset: () => windows.clear() };
};

/** For benchmarks and load tests: every attempt is allowed. */
export const unlimited: RateLimiter = {
  settings: undefined,
  attempt: () => ({ allowed: true, remaining: Number.POSITIVE_INFINITY }),
  reset: () => undefined,
};
