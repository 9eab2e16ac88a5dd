/**
 * Which provider states real credentials can establish against a deployment we do not own, and
 * why. One decision per state the contract names (contracts/interactions.ts `ProviderStates`):
 * a new state does not type-check until it is decided here. An interaction is verified live only
 * when every state it is given can be.
 */
import { ProviderStates, type ProviderStateName } from '../../../contracts/index.js';

/** The variables that hand a live run its credentials. */
export const LIVE_VARIABLES = {
  tokenFile: 'LIVE_REFRESH_TOKEN_FILE',
  token: 'LIVE_REFRESH_TOKEN',
  saveCommand: 'LIVE_TOKEN_SAVE_COMMAND',
  saveTimeout: 'LIVE_TOKEN_SAVE_TIMEOUT_MS',
  expiredToken: 'LIVE_EXPIRED_REFRESH_TOKEN',
  suspendedToken: 'LIVE_SUSPENDED_REFRESH_TOKEN',
  stateDir: 'LIVE_STATE_DIR',
} as const;

/** A token the operator may hand over for one state; it is presented, never rotated. */
export type OperatorTokenVariable =
  typeof LIVE_VARIABLES.expiredToken | typeof LIVE_VARIABLES.suspendedToken;

export type StateDecision =
  /** The live refresh token: one real refresh, whose successor is saved before the run goes on. */
  | { readonly _tag: 'LiveToken' }
  /** Nothing to set up: the interaction's request needs no credential. */
  | { readonly _tag: 'NothingToSetUp' }
  /** Only with a token the operator supplies; otherwise not verifiable live. */
  | {
      readonly _tag: 'OperatorToken';
      readonly variable: OperatorTokenVariable;
      readonly needs: string;
    }
  /** Never live, whatever the operator holds. */
  | { readonly _tag: 'Never'; readonly why: string };

export const STATE_DECISIONS: { readonly [S in ProviderStateName]: StateDecision } = {
  [ProviderStates.validRefreshToken]: { _tag: 'LiveToken' },
  // An empty token is refused (400) and a made-up one is unknown (401) by any provider.
  [ProviderStates.serviceAvailable]: { _tag: 'NothingToSetUp' },
  [ProviderStates.expiredRefreshToken]: {
    _tag: 'OperatorToken',
    variable: LIVE_VARIABLES.expiredToken,
    needs: 'an expired token',
  },
  [ProviderStates.suspendedClient]: {
    _tag: 'OperatorToken',
    variable: LIVE_VARIABLES.suspendedToken,
    needs: 'a token of a suspended client',
  },
  [ProviderStates.rotatedRefreshToken]: {
    _tag: 'Never',
    why: 'replaying a rotated token makes a provider that follows RFC 9700 revoke the whole token family',
  },
  [ProviderStates.rateLimitExhausted]: {
    _tag: 'Never',
    why: "exhausting a rate limit means load on someone else's production",
  },
  [ProviderStates.storeFailing]: {
    _tag: 'Never',
    why: "a failing token store cannot be caused from outside the provider's own infrastructure",
  },
};

const isDecided = (name: string): name is ProviderStateName => Object.hasOwn(STATE_DECISIONS, name);

/** The credentials a run holds: which tokens can be presented. */
export interface Credentials {
  readonly liveToken: boolean;
  readonly operatorTokens: ReadonlySet<OperatorTokenVariable>;
}

/** The token an interaction's request carries. */
export type TokenKind = 'live' | OperatorTokenVariable;

/** What a run does with one interaction. */
export type LiveDecision =
  | {
      readonly _tag: 'Verify';
      /** What stands in for its provider states, as the output names it. */
      readonly using: string;
      /** The token its request carries, if any. */
      readonly token?: TokenKind;
    }
  | { readonly _tag: 'NotVerifiable'; readonly why: string };

/** How to hand a run the live refresh token. */
const LIVE_TOKEN_VARIABLES = `${LIVE_VARIABLES.tokenFile}, or ${LIVE_VARIABLES.token} with ${LIVE_VARIABLES.saveCommand}`;

export const NO_LIVE_TOKEN = `needs the live refresh token (${LIVE_TOKEN_VARIABLES})`;

/**
 * What a 401 to the live refresh token means, and what to do next: nothing this suite does can
 * make the provider accept that token again.
 */
export const TOKEN_REFUSED =
  'the provider no longer accepts it: spent elsewhere (refreshed by another run or client), ' +
  'expired, or its whole family revoked after a rotated token was replayed (RFC 9700). ' +
  `Authorize again, and hand the new refresh token to the run (${LIVE_TOKEN_VARIABLES})`;

/**
 * The decision for an interaction given `states`, in the order the run meets it: the live token
 * is refreshed at most once per run (`liveTokenSpent` says whether an earlier one did).
 */
export const decide = (
  states: readonly string[],
  credentials: Credentials,
  liveTokenSpent: boolean,
): LiveDecision => {
  const tokens: TokenKind[] = [];
  const using: string[] = [];
  for (const state of states) {
    if (!isDecided(state)) {
      return { _tag: 'NotVerifiable', why: `provider state "${state}" has no live decision` };
    }
    const decision = STATE_DECISIONS[state];
    switch (decision._tag) {
      case 'Never':
        return { _tag: 'NotVerifiable', why: `never live: ${decision.why}` };
      case 'OperatorToken':
        if (!credentials.operatorTokens.has(decision.variable)) {
          return { _tag: 'NotVerifiable', why: `needs ${decision.needs} (${decision.variable})` };
        }
        tokens.push(decision.variable);
        using.push(decision.variable);
        break;
      case 'LiveToken':
        if (!credentials.liveToken) return { _tag: 'NotVerifiable', why: NO_LIVE_TOKEN };
        if (liveTokenSpent) {
          return {
            _tag: 'NotVerifiable',
            why: 'the live refresh token is refreshed at most once per run, by an earlier interaction',
          };
        }
        tokens.push('live');
        using.push('the live refresh token');
        break;
      case 'NothingToSetUp':
        using.push('nothing to set up');
    }
  }
  if (tokens.length > 1) {
    return { _tag: 'NotVerifiable', why: 'its provider states each hand the request a token' };
  }
  const [token] = tokens;
  return {
    _tag: 'Verify',
    using: using.length === 0 ? 'no provider state' : using.join('; '),
    ...(token === undefined ? {} : { token }),
  };
};
