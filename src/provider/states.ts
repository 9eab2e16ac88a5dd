/**
 * Provider states (contracts/interactions.ts `ProviderStates`): each creates
 * real data in the store and reaches its outcome through the provider's real
 * behaviour — a rotated token is rotated by the real rotation, an exhausted
 * rate limit is exhausted by real refreshes, a failing store fails through
 * the store's fault switch. Setups return the `StateValues` the pact injects.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import {
  GRANTED_SCOPE,
  ProviderStates,
  StateValues,
  type ProviderStateName,
} from '../../contracts/index.js';
import type { ProviderServices } from './services.js';
import type { Grant } from './token-service.js';

/** A state as the catalogue names it (`ProviderState`) or as a verifier sends it. */
export interface ProviderStateRequest {
  readonly name: string;
  /** `StateParams`; any object is accepted and checked here. */
  readonly params?: object;
}

export type ProviderStateValues = Record<string, string>;

const KNOWN_NAMES: ReadonlySet<string> = new Set(Object.values(ProviderStates));

export const isProviderStateName = (name: string): name is ProviderStateName =>
  KNOWN_NAMES.has(name);

export class UnknownProviderStateError extends Error {
  constructor(readonly stateName: string) {
    super(
      `Unknown provider state ${JSON.stringify(stateName)}; known states: ${[...KNOWN_NAMES]
        .map((name) => JSON.stringify(name))
        .join(', ')}`,
    );
    this.name = 'UnknownProviderStateError';
  }
}

export class ProviderStateSetupError extends Error {
  constructor(stateName: string, reason: string) {
    super(`Provider state ${JSON.stringify(stateName)} could not be set up: ${reason}`);
    this.name = 'ProviderStateSetupError';
  }
}

const describe = (failure: { readonly _tag: string; readonly message?: string }) =>
  failure.message === undefined ? failure._tag : `${failure._tag}: ${failure.message}`;

/** Runs a service call; a failure becomes a setup error naming the state. */
const run = async <A>(
  state: ProviderStateName,
  task: TE.TaskEither<{ readonly _tag: string; readonly message?: string }, A>,
): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new ProviderStateSetupError(state, describe(result.left));
  return result.right;
};

const scopeParam = (state: ProviderStateName, params: ProviderStateRequest['params']): string => {
  const scope: unknown = params !== undefined && 'scope' in params ? params.scope : undefined;
  if (scope === undefined) return GRANTED_SCOPE;
  if (typeof scope !== 'string') {
    throw new ProviderStateSetupError(state, 'params.scope: expected a string');
  }
  return scope;
};

interface Context {
  readonly services: ProviderServices;
  readonly state: ProviderStateName;
  readonly scope: string;
}

/** A fresh client holding a fresh grant; each state gets its own. */
const grantToNewClient = async (context: Context, expiresAt?: number): Promise<Grant> => {
  const { services, state, scope } = context;
  const client = await run(state, services.tokens.registerClient({ name: `pact: ${state}` }));
  return run(state, services.tokens.grant({ clientId: client.id, scope, expiresAt }));
};

const handing = (refreshToken: string): ProviderStateValues => ({
  [StateValues.refreshToken]: refreshToken,
});

type StateHandler = (context: Context) => Promise<ProviderStateValues>;

const HANDLERS: Readonly<Record<ProviderStateName, StateHandler>> = {
  [ProviderStates.validRefreshToken]: async (context) =>
    handing((await grantToNewClient(context)).refreshToken),

  [ProviderStates.serviceAvailable]: async ({ services, state }) => {
    // Answers only if the store does: "available" is checked, not assumed.
    await run(state, services.tokens.findClient('probe'));
    return {};
  },

  [ProviderStates.expiredRefreshToken]: async (context) => {
    const expiredAt = context.services.clock.now() - 1000;
    return handing((await grantToNewClient(context, expiredAt)).refreshToken);
  },

  [ProviderStates.rotatedRefreshToken]: async (context) => {
    const grant = await grantToNewClient(context);
    await run(context.state, context.services.tokens.refresh(grant.refreshToken));
    return handing(grant.refreshToken);
  },

  [ProviderStates.suspendedClient]: async (context) => {
    const grant = await grantToNewClient(context);
    await run(context.state, context.services.tokens.suspendClient(grant.clientId));
    return handing(grant.refreshToken);
  },

  [ProviderStates.rateLimitExhausted]: async (context) => {
    const { services, state } = context;
    const settings = services.limiter.settings;
    if (settings === undefined) {
      throw new ProviderStateSetupError(state, 'rate limiting is disabled in this provider');
    }
    // Refresh for real until the limiter refuses; the last token issued is
    // valid and its family has no attempts left in this window.
    let token = (await grantToNewClient(context)).refreshToken;
    for (let attempt = 0; attempt <= settings.limit; attempt += 1) {
      const result = await services.tokens.refresh(token)();
      if (E.isRight(result)) {
        token = result.right.refreshToken;
      } else if (result.left._tag === 'RateLimited') {
        return handing(token);
      } else {
        throw new ProviderStateSetupError(state, describe(result.left));
      }
    }
    throw new ProviderStateSetupError(state, `the limiter never refused after ${settings.limit}`);
  },

  [ProviderStates.storeFailing]: async (context) => {
    const grant = await grantToNewClient(context);
    context.services.faults.fail('unavailable');
    return handing(grant.refreshToken);
  },
};

/**
 * Sets up one provider state and returns the values the pact takes from it
 * (`{ refreshToken }` where the interaction injects one). Rejects with
 * {@link UnknownProviderStateError} for a name not in `ProviderStates`.
 */
export const setUpProviderState = async (
  services: ProviderServices,
  request: ProviderStateRequest,
): Promise<ProviderStateValues> => {
  const { name, params } = request;
  if (!isProviderStateName(name)) throw new UnknownProviderStateError(name);
  // Each state starts from a healthy store, whatever the previous one left.
  services.faults.heal();
  return HANDLERS[name]({ services, state: name, scope: scopeParam(name, params) });
};

/**
 * Undoes what states switch on (store faults, rate-limit counters). Data they
 * created stays: it belongs to fresh clients nobody else uses.
 */
export const resetProviderStates = (services: ProviderServices): void => {
  services.faults.heal();
  services.limiter.reset();
};

export const tearDownProviderState = async (
  services: ProviderServices,
  request?: ProviderStateRequest,
): Promise<void> => {
  if (request !== undefined && !isProviderStateName(request.name)) {
    throw new UnknownProviderStateError(request.name);
  }
  resetProviderStates(services);
};
