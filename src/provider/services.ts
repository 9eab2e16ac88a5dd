/**
 * The provider's parts wired together once: the store (behind its fault
 * switch), the rate limiter, the clock and the token service. The HTTP app,
 * the provider states and the CLIs all take this one object.
 */
import { systemClock, type Clock } from './clock.js';
import { createRateLimiter, unlimited, type RateLimit, type RateLimiter } from './rate-limiter.js';
import {
  IN_MEMORY,
  openSqliteTokenStore,
  withFaults,
  type FaultSwitch,
  type TokenStore,
} from './store/index.js';
import { createTokenService, type TokenLifetimes, type TokenService } from './token-service.js';

/** Default: 10 refreshes per token family per minute (a client needs one an hour). */
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 10, windowSeconds: 60 };

export interface ProviderServicesOptions {
  /** SQLite file path, or ':memory:' (the default). Ignored when `store` is given. */
  readonly databasePath?: string;
  /** Another engine; the services take ownership and close it. */
  readonly store?: TokenStore;
  /** `false` disables rate limiting (benchmarks). */
  readonly rateLimit?: RateLimit | false;
  readonly clock?: Clock;
  readonly lifetimes?: TokenLifetimes;
}

export interface ProviderServices {
  /** The store as the provider sees it: through the fault switch. */
  readonly store: TokenStore;
  readonly faults: FaultSwitch;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly tokens: TokenService;
  readonly close: () => Promise<void>;
}

export const createProviderServices = (options: ProviderServicesOptions = {}): ProviderServices => {
  const clock = options.clock ?? systemClock;
  const engine = options.store ?? openSqliteTokenStore(options.databasePath ?? IN_MEMORY);
  const { store, faults } = withFaults(engine);
  const rate = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const limiter = rate === false ? unlimited : createRateLimiter(rate, clock);
  const tokens = createTokenService({ store, limiter, clock, lifetimes: options.lifetimes });
  return { store, faults, limiter, clock, tokens, close: () => engine.close() };
};
