/**
 * Time as a dependency: expiry and rate limiting read the clock they are
 * given, so tests and provider states can move time instead of waiting.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  readonly now: () => number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests and benchmarks. */
export interface ManualClock extends Clock {
  readonly advance: (milliseconds: number) => void;
  readonly set: (epochMilliseconds: number) => void;
}

export const manualClock = (start: number = Date.now()): ManualClock => {
  let current = start;
  return {
    now: () => current,
    advance: (milliseconds) => {
      current += milliseconds;
    },
    set: (epochMilliseconds) => {
      current = epochMilliseconds;
    },
  };
};
