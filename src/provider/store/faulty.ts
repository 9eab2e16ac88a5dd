/**
 * A {@link TokenStore} decorator that fails on demand, so that "the token
 * store is failing" is produced by the provider's real error path rather than
 * by a stub. While healthy it forwards every call unchanged.
 */
import type { TokenStore } from './token-store.js';

/**
 * `unavailable`: every call rejects (the database is gone).
 * `read-only`: reads succeed, writes reject (a full disk, a lost write lock).
 */
export type FailureMode = 'healthy' | 'unavailable' | 'read-only';

export interface FaultSwitch {
  readonly mode: () => FailureMode;
  readonly fail: (mode: Exclude<FailureMode, 'healthy'>) => void;
  readonly heal: () => void;
}

/** What an engine failure looks like to the caller: an error without details. */
export class StoreUnavailableError extends Error {
  constructor(operation: string) {
    super(`token store unavailable (${operation}; injected fault)`);
    this.name = 'StoreUnavailableError';
  }
}

const READS = new Set<keyof TokenStore>(['findClient', 'findRefreshToken', 'findAccessToken']);

export const withFaults = (inner: TokenStore): { store: TokenStore; faults: FaultSwitch } => {
  let mode: FailureMode = 'healthy';

  const failing = (operation: keyof TokenStore) =>
    operation !== 'close' &&
    (mode === 'unavailable' || (mode === 'read-only' && !READS.has(operation)));

  const guard =
    <A extends unknown[], R>(operation: keyof TokenStore, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (failing(operation)) throw new StoreUnavailableError(operation);
      return call(...args);
    };

  const store: TokenStore = {
    createClient: guard('createClient', inner.createClient),
    findClient: guard('findClient', inner.findClient),
    suspendClient: guard('suspendClient', inner.suspendClient),
    createFamily: guard('createFamily', inner.createFamily),
    findRefreshToken: guard('findRefreshToken', inner.findRefreshToken),
    rotate: guard('rotate', inner.rotate),
    findAccessToken: guard('findAccessToken', inner.findAccessToken),
    revokeFamily: guard('revokeFamily', inner.revokeFamily),
    expireRefreshToken: guard('expireRefreshToken', inner.expireRefreshToken),
    close: inner.close,
  };

  const faults: FaultSwitch = {
    mode: () => mode,
    fail: (next) => {
      mode = next;
    },
    heal: () => {
      mode = 'healthy';
    },
  };

  return { store, faults };
};
