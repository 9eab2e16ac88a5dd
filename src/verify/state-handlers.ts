/**
 * pact-js state handlers, one per state the contract names: in-process for the embedded
 * reference provider (each state set up in the provider's own store, handing back the values
 * the pact injects), or a deployment's state-change URL, where Pact's
 * `{"state","params","action"}` is POSTed within the deadline and a failure is reported to
 * the run (./fail-fast.ts) with the status and the body.
 */
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { ProviderStates } from '../../contracts/index.js';
import { gist } from '../broker/reachability.js';
import { setUpProviderState, type ProviderServices } from '../provider/index.js';
import type { Send } from './exchange.js';
import { named, type Endpoint, type FailFast } from './fail-fast.js';
import type { StateFunction, StateHandlers, StateValues } from './verifier-protocol.js';

type Params = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Params =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Each setup starts from a healthy provider, so no teardown is needed. */
export const embeddedStateHandlers = (services: ProviderServices): StateHandlers =>
  Object.fromEntries(
    Object.values(ProviderStates).map((name) => [
      name,
      (parameters?: unknown) =>
        setUpProviderState(services, { name, params: isObject(parameters) ? parameters : {} }),
    ]),
  );

/** The values a state-change URL answered with: a JSON object, or none. */
const valuesIn = (body: Buffer): StateValues | undefined => {
  try {
    const values: unknown = JSON.parse(body.toString('utf8'));
    return isObject(values) ? (values as StateValues) : undefined;
  } catch {
    return undefined;
  }
};

/** The contract's states through a state-change URL, with `headers` (its secret, say). */
export const stateChangeUrlHandlers = (
  endpoint: Endpoint,
  headers: Readonly<Record<string, string>>,
  send: Send,
  run: FailFast,
): StateHandlers => {
  const change =
    (state: string, action: 'setup' | 'teardown'): StateFunction =>
    (params) =>
      run.stateChange(
        action,
        pipe(
          send({
            url: new URL(endpoint.url),
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: Buffer.from(JSON.stringify({ state, params: params ?? {}, action })),
          }),
          TE.mapLeft(({ cause }) => ({
            _tag: 'Unanswered' as const,
            message: `${named(endpoint)}: ${cause} to the ${action} of provider state "${state}"`,
          })),
          TE.flatMap(({ status, body }) =>
            status >= 200 && status < 300
              ? TE.right(valuesIn(body))
              : TE.left({
                  _tag: 'StateFailed' as const,
                  message: `provider state "${state}" (${action}): ${named(endpoint)} answered ${status}: ${gist(body)}`,
                }),
          ),
        ),
      );
  return Object.fromEntries(
    Object.values(ProviderStates).map((state) => [
      state,
      { setup: change(state, 'setup'), teardown: change(state, 'teardown') },
    ]),
  );
};
