/**
 * How a run sets provider states up: one function for every state name, called by the relay
 * (./fail-fast.ts) for each state change the verifier asks for. In process for the embedded
 * reference provider; Pact's `{"state","params","action"}` POSTed to a deployment's state-change
 * URL within the deadline; or a live session's own (./live/exchange.ts).
 */
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { errorMessage } from '../config/index.js';
import { isRecord } from '../four-sides/pact-io-ts.js';
// The provider's modules themselves, not its index: that loads Fastify and SQLite, which a run
// against a deployment never uses (the embedded provider is loaded only when started).
import { PROVIDER_STATES_SECRET_HEADER } from '../provider/http/provider-states-route.js';
import type { ProviderServices } from '../provider/services.js';
import { setUpProviderState } from '../provider/states.js';
import { STATE_CHANGE_URL_VARIABLE, STATES_SECRET_VARIABLE } from './config.js';
import { gist, jsonOrText, named, sendWithin, type Endpoint } from './exchange.js';

/** A state-change URL's error answer: what the run says once when it answered every change so. */
export interface StateChangeAnswer {
  /** The URL, named (./exchange.ts `named`). */
  readonly by: string;
  readonly status: number;
  /** What the status means for the run, or the body's gist. */
  readonly why: string;
}

export type StateChangeFailure =
  /** Its interaction fails with the message. */
  | {
      readonly _tag: 'StateFailed';
      readonly message: string;
      /** Set when a state-change URL answered with an error status. */
      readonly answered?: StateChangeAnswer;
    }
  /** The run stops with the message. */
  | { readonly _tag: 'Unanswered'; readonly message: string };

export type StateAction = 'setup' | 'teardown';
export type StateParams = Readonly<Record<string, unknown>>;
/** Values a setup hands the pact's `fromProviderState` generators (`{ refreshToken }`). */
export type StateValues = Readonly<Record<string, unknown>>;

export type StateChange = (
  state: string,
  action: StateAction,
  params: StateParams,
) => TE.TaskEither<StateChangeFailure, StateValues>;

/** The values a state-change URL answered with: a JSON object, or none. */
const valuesIn = (body: Buffer): StateValues => {
  const values = jsonOrText(body.toString('utf8'));
  return isRecord(values) ? values : {};
};

/** Its interaction fails with this message. */
const stateFailed = (
  state: string,
  action: StateAction,
  why: string,
  answered?: StateChangeAnswer,
): StateChangeFailure => ({
  _tag: 'StateFailed',
  message: `provider state "${state}" (${action}): ${why}`,
  ...(answered === undefined ? {} : { answered }),
});

/** What a refusal means: the secret is missing or wrong (never printed); else the body says. */
const whyRefused = (status: number, secret: string | undefined, body: Buffer): string => {
  if (status !== 401 && status !== 403) return gist(body);
  const header = `sent as ${PROVIDER_STATES_SECRET_HEADER}`;
  return secret === undefined
    ? `set ${STATES_SECRET_VARIABLE} to the secret it expects (${header})`
    : `it refuses the secret in ${STATES_SECRET_VARIABLE} (${header}): check its value`;
};

/** Each setup starts from a healthy provider, so no teardown is needed. */
export const embeddedStateChange =
  (services: ProviderServices): StateChange =>
  (state, action, params) =>
    action === 'teardown'
      ? TE.right({})
      : TE.tryCatch(
          () => setUpProviderState(services, { name: state, params }),
          (error) => stateFailed(state, action, errorMessage(error)),
        );

/** A deployment's state-change URL, sent its secret (when set) with every change. */
export const deploymentStateChange = (
  url: string,
  secret: string | undefined,
  timeoutMs: number,
): StateChange => {
  const send = sendWithin(timeoutMs);
  const endpoint: Endpoint = { name: STATE_CHANGE_URL_VARIABLE, url };
  const headers = secret === undefined ? {} : { [PROVIDER_STATES_SECRET_HEADER]: secret };
  return (state, action, params) =>
    pipe(
      send({
        url: new URL(url),
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ state, params, action })),
      }),
      TE.mapLeft(({ cause }) => ({
        _tag: 'Unanswered' as const,
        message: `${named(endpoint)}: ${cause} to the ${action} of provider state "${state}"`,
      })),
      TE.flatMap(({ status, body }) => {
        if (status >= 200 && status < 300) return TE.right(valuesIn(body));
        const by = named(endpoint);
        const answered = { by, status, why: whyRefused(status, secret, body) };
        return TE.left(
          stateFailed(state, action, `${by} answered ${status}: ${gist(body)}`, answered),
        );
      }),
    );
};
