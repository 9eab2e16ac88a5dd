/**
 * The catalogue of recorded interactions: for each, its description, the
 * provider state it needs (name and params), the request it sends and the
 * response it expects, as codecs plus examples. Consumer Pact tests build the
 * pact from these entries; the provider's state handlers are keyed by the same
 * state names. Change an interaction here and both sides follow.
 */
import * as t from 'io-ts';
import { type DeclaredDemand, declareDemands } from './demands.js';
import { ERROR_BODY_DEMANDS, errorBody, ErrorBody, type ErrorStatus } from './error.js';
import { JsonContentType } from './operation.js';
import {
  GrantType,
  refreshTokenRequestBody,
  RefreshTokenRequestBody,
  TOKEN_RESPONSE_DEMANDS,
  TokenResponseBody,
} from './token-refresh.js';

const JsonHeaders = t.type({ 'Content-Type': JsonContentType }, 'JsonHeaders');
const jsonHeadersExample = { 'Content-Type': JsonContentType.example };

const JSON_HEADERS_DEMANDS = declareDemands(JsonHeaders, [
  {
    path: 'Content-Type',
    kind: 'pattern',
    reason:
      'The published responses name application/json without parameters. RFC 9110 §8.3.1 allows parameters, and the client reads every form: any case, whitespace around `;`, values quoted or not, any parameter (none changes how JSON decodes). Only a charset other than utf-8 is refused: JSON is UTF-8 (RFC 8259 §8.1), and a body announced in another charset is one the client cannot read as its sender meant.',
  },
]);

/** Provider state names. A provider implements one handler per name. */
export const ProviderStates = {
  validRefreshToken: 'a client holds a valid refresh token',
  serviceAvailable: 'the token service is available',
  expiredRefreshToken: 'a client holds an expired refresh token',
  rotatedRefreshToken: 'a client holds a refresh token that has already been rotated',
  suspendedClient: 'a client holds a refresh token but the client is suspended',
  rateLimitExhausted: 'a client holds a refresh token whose refresh rate limit is exhausted',
  storeFailing: 'a client holds a valid refresh token but the token store is failing',
} as const;
export type ProviderStateName = (typeof ProviderStates)[keyof typeof ProviderStates];

/**
 * Values a provider state hands back (Pact `fromProviderState`): the refresh
 * token it created, so the pact never hard-codes a provider's secret.
 */
export const StateValues = { refreshToken: 'refreshToken' } as const;
export type StateValue = (typeof StateValues)[keyof typeof StateValues];

/** Parameters a state accepts: the scope the provider grants the client. */
// A type, not an interface, so that it is assignable to a plain record of params.
export type StateParams = { readonly scope?: string };

export interface ProviderState {
  readonly name: ProviderStateName;
  readonly params: StateParams;
}

export interface ExpectedRequest<B extends t.Mixed = t.Mixed> {
  readonly headers: typeof JsonHeaders;
  readonly headersExample: t.OutputOf<typeof JsonHeaders>;
  /** What the provider must accept as this request: the request codec, or a deliberately invalid body. */
  readonly body: B;
  readonly bodyExample: t.OutputOf<B>;
  /** Body fields whose value the provider state supplies: field -> state value. */
  readonly fromProviderState: Readonly<Partial<Record<keyof RefreshTokenRequestBody, StateValue>>>;
}

export interface ExpectedResponse<B extends t.Mixed = t.Mixed, H extends t.Mixed = t.Mixed> {
  readonly status: number;
  /**
   * When set, any status of this class means the same as `status` (Pact's status matcher):
   * `success` for a token set, which the client reads from any 2xx (rejecting a 201 would throw
   * away a refresh token the provider has already rotated). Unset: `status` exactly.
   */
  readonly statusClass?: 'success';
  readonly headers: H;
  readonly headersExample: t.OutputOf<H>;
  readonly body: B;
  readonly bodyExample: t.OutputOf<B>;
}

interface InteractionSpec {
  /** A stable key, used by tests and reports. */
  readonly key: string;
  readonly description: string;
  readonly state: ProviderState;
  readonly request: ExpectedRequest;
  readonly response: ExpectedResponse;
}

/** Scope granted in the success state; any valid scope satisfies the pact. */
export const GRANTED_SCOPE = 'payable:read supplier:read';

/** Example refresh token shown in the pact; a provider state replaces it. */
const EXAMPLE_REFRESH_TOKEN = 'rt_example-refresh-token';

const requestWith = (
  refreshToken: string,
  fromProviderState: ExpectedRequest['fromProviderState'] = {},
): ExpectedRequest => ({
  headers: JsonHeaders,
  headersExample: jsonHeadersExample,
  body: RefreshTokenRequestBody,
  bodyExample: refreshTokenRequestBody(refreshToken),
  fromProviderState,
});

/** A refresh of the token the provider state created. */
const withStateToken = (): ExpectedRequest =>
  requestWith(EXAMPLE_REFRESH_TOKEN, { refresh_token: StateValues.refreshToken });

/** A body the request codec refuses: what a client with a lost token would send. */
const EmptyRefreshTokenRequestBody = t.type(
  { grant_type: GrantType, refresh_token: t.literal('') },
  'EmptyRefreshTokenRequestBody',
);

/**
 * An error answer: the status is what the client acts on. The body is the
 * published `Error` shape with any code (the example shows the documented one);
 * no `Retry-After` on a 429: the published contract lists none and the client
 * backs off by itself without one.
 */
const errorResponse = (status: ErrorStatus, source?: string) => ({
  status,
  headers: JsonHeaders,
  headersExample: jsonHeadersExample,
  body: ErrorBody,
  bodyExample: errorBody(status, source),
});

const CATALOGUE = [
  {
    key: 'refresh-succeeds',
    description: 'a refresh with a valid refresh token',
    state: { name: ProviderStates.validRefreshToken, params: { scope: GRANTED_SCOPE } },
    request: withStateToken(),
    response: {
      status: 200,
      statusClass: 'success',
      headers: JsonHeaders,
      headersExample: jsonHeadersExample,
      body: TokenResponseBody,
      bodyExample: {
        access_token: 'at_example-access-token',
        refresh_token: 'rt_example-rotated-refresh-token',
        scope: GRANTED_SCOPE,
        token_type: 'Bearer',
      },
    },
  },
  {
    key: 'empty-refresh-token',
    description: 'a refresh with an empty refresh_token',
    state: { name: ProviderStates.serviceAvailable, params: {} },
    request: {
      ...requestWith(EXAMPLE_REFRESH_TOKEN),
      body: EmptyRefreshTokenRequestBody,
      bodyExample: { grant_type: 'refresh_token', refresh_token: '' },
    },
    response: errorResponse(400, 'refresh_token'),
  },
  {
    key: 'unknown-refresh-token',
    description: 'a refresh with an unknown refresh token',
    state: { name: ProviderStates.serviceAvailable, params: {} },
    request: requestWith('rt_never-issued'),
    response: errorResponse(401),
  },
  {
    key: 'expired-refresh-token',
    description: 'a refresh with an expired refresh token',
    state: { name: ProviderStates.expiredRefreshToken, params: {} },
    request: withStateToken(),
    response: errorResponse(401),
  },
  {
    key: 'rotated-refresh-token',
    description: 'a refresh with a refresh token that has already been rotated',
    state: { name: ProviderStates.rotatedRefreshToken, params: {} },
    request: withStateToken(),
    response: errorResponse(401),
  },
  {
    key: 'suspended-client',
    description: 'a refresh for a suspended client',
    state: { name: ProviderStates.suspendedClient, params: {} },
    request: withStateToken(),
    response: errorResponse(403),
  },
  {
    key: 'rate-limited',
    description: 'a refresh beyond the refresh rate limit',
    state: { name: ProviderStates.rateLimitExhausted, params: {} },
    request: withStateToken(),
    response: errorResponse(429),
  },
  {
    key: 'store-failing',
    description: 'a refresh while the token store is failing',
    state: { name: ProviderStates.storeFailing, params: {} },
    request: withStateToken(),
    response: errorResponse(500),
  },
] as const satisfies readonly InteractionSpec[];

export type InteractionKey = (typeof CATALOGUE)[number]['key'];

export interface Interaction extends InteractionSpec {
  readonly key: InteractionKey;
}

export const INTERACTIONS: readonly Interaction[] = CATALOGUE;

/** Every interaction, keyed: `INTERACTION.rate-limited` and so on. */
export const INTERACTION = Object.fromEntries(INTERACTIONS.map((i) => [i.key, i])) as Readonly<
  Record<InteractionKey, Interaction>
>;

/** Every demand of the catalogue beyond the published contract, each with the client's reason. */
export const DECLARED_DEMANDS: readonly DeclaredDemand[] = [
  ...TOKEN_RESPONSE_DEMANDS,
  ...ERROR_BODY_DEMANDS,
  ...JSON_HEADERS_DEMANDS,
];
